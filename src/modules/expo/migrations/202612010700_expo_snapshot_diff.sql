-- Publishing a release of 10,000 items in well under two seconds (ADR 018):
--
-- 1. The publisher builds the next snapshot in SQL and compares it with the published one there (jsonb
--    equality per item, column equality per date), so the per-row hashes once made in Node go.
ALTER TABLE expo_pub_events DROP COLUMN hash;
ALTER TABLE expo_pub_occurrences DROP COLUMN hash;

-- 2. The search vectors are made when an item is saved, not when it is published: a release copies them.
--    The plain text of the rich-text format, as richTextToPlain in src/platform/html.ts makes it.
CREATE FUNCTION h22_rich_text_plain(src text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT btrim(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(src,
    '\[([^]]+)\]\([^)]*\)', '\1', 'g'), '\*\*([^*]+)\*\*', '\1', 'g'), '^#{2,3}\s+', '', 'gn'), '^[•*-]\s+', '', 'gn'), '\s+', ' ', 'g'), ' ')
$$;
ALTER TABLE expo_events
  ADD COLUMN search_sv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('swedish', h22_unaccent(title_sv)), 'A') ||
    setweight(to_tsvector('swedish', h22_unaccent(h22_rich_text_plain(description_sv))), 'B')) STORED,
  ADD COLUMN search_en tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', h22_unaccent(title_en)), 'A') ||
    setweight(to_tsvector('english', h22_unaccent(h22_rich_text_plain(description_en))), 'B')) STORED;
--    The plain text (only site search's excerpts read it) is made from `data` when a hit is shown.
ALTER TABLE expo_pub_events
  ALTER COLUMN search_sv DROP EXPRESSION,
  ALTER COLUMN search_en DROP EXPRESSION,
  ALTER COLUMN trgm DROP EXPRESSION,
  DROP COLUMN text_sv,
  DROP COLUMN text_en;

-- 3. A published item (about 3 kB with its vectors) stays in its row uncompressed: no compression work
--    when a release writes it, none when a page reads it.
ALTER TABLE expo_pub_events SET (toast_tuple_target = 8160);
