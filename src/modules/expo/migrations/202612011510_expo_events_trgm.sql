-- The typo-tolerant title text of an item is made when it is saved, like its search vectors
-- (202612010700_expo_snapshot_diff): a release copies it instead of unaccenting 10,000 titles.
ALTER TABLE expo_events
  ADD COLUMN trgm text GENERATED ALWAYS AS (lower(h22_unaccent(title_sv || ' ' || title_en))) STORED;
