-- The owner and every participating organisation of an initiative as one indexed array, so the public
-- organisation filter and its counts need no join. Kept by triggers, so every writer (commands, seed,
-- import) agrees with initiative_organisations, which stays the source of truth.
ALTER TABLE initiatives ADD COLUMN organisation_ids bigint[] NOT NULL DEFAULT '{}';
CREATE INDEX initiatives_organisation_ids_idx ON initiatives USING gin (organisation_ids);

CREATE FUNCTION initiatives_organisation_ids_of(p_id bigint, p_owner bigint) RETURNS bigint[]
  LANGUAGE sql STABLE
  AS $$ SELECT ARRAY(SELECT p_owner UNION SELECT organisation_id FROM initiative_organisations WHERE initiative_id = p_id ORDER BY 1) $$;

CREATE FUNCTION initiatives_set_organisation_ids() RETURNS trigger
  LANGUAGE plpgsql
  AS $$ BEGIN
    NEW.organisation_ids := initiatives_organisation_ids_of(NEW.id, NEW.owner_organisation_id);
    RETURN NEW;
  END $$;
CREATE TRIGGER initiatives_organisation_ids_owner
  BEFORE INSERT OR UPDATE OF owner_organisation_id ON initiatives
  FOR EACH ROW EXECUTE FUNCTION initiatives_set_organisation_ids();

CREATE FUNCTION initiative_organisations_changed() RETURNS trigger
  LANGUAGE plpgsql
  AS $$ BEGIN
    UPDATE initiatives i SET organisation_ids = initiatives_organisation_ids_of(i.id, i.owner_organisation_id)
    WHERE i.id IN (SELECT initiative_id FROM changed);
    RETURN NULL;
  END $$;
CREATE TRIGGER initiative_organisations_inserted
  AFTER INSERT ON initiative_organisations REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION initiative_organisations_changed();
CREATE TRIGGER initiative_organisations_deleted
  AFTER DELETE ON initiative_organisations REFERENCING OLD TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION initiative_organisations_changed();

UPDATE initiatives SET organisation_ids = initiatives_organisation_ids_of(id, owner_organisation_id);

-- One search vector for both languages: a single GIN index answers "Swedish or English" queries; two
-- vectors OR-ed together made the planner fall back to scanning every row for common words.
-- Kept inline (STORAGE MAIN) so a row check never reads TOAST.
ALTER TABLE initiatives ADD COLUMN search_all tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('swedish', h22_unaccent(title_sv)), 'A') ||
  setweight(to_tsvector('swedish', h22_unaccent(summary_sv)), 'B') ||
  setweight(to_tsvector('swedish', h22_unaccent(what_sv || ' ' || why_sv || ' ' || how_sv || ' ' || lessons_learned_sv)), 'C') ||
  setweight(to_tsvector('english', h22_unaccent(title_en)), 'A') ||
  setweight(to_tsvector('english', h22_unaccent(summary_en)), 'B') ||
  setweight(to_tsvector('english', h22_unaccent(what_en || ' ' || why_en || ' ' || how_en || ' ' || lessons_learned_en)), 'C')) STORED;
ALTER TABLE initiatives ALTER COLUMN search_all SET STORAGE MAIN;
CREATE INDEX initiatives_search_all_idx ON initiatives USING gin (search_all);
DROP INDEX initiatives_search_sv_idx;
DROP INDEX initiatives_search_en_idx;
