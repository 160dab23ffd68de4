-- Imported programme items remember a hash of what the file said, so importing the same file again
-- changes nothing (and an item whose source changed is updated in place, keeping its ids).
ALTER TABLE expo_events ADD COLUMN import_hash text CHECK (length(import_hash) <= 100);
