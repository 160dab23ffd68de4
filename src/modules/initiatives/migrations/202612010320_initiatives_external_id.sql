-- The id an initiative has in the city's previous system (WordPress project API / Stratsys), so a
-- CSV import can be run again: rows with a known id update the initiative instead of adding a copy.
ALTER TABLE initiatives ADD COLUMN external_id text UNIQUE CHECK (length(external_id) BETWEEN 1 AND 100);
