-- A release of 10,000 new items writes 10,000 changelog entries; a foreign-key check per entry cost
-- about 140 ms of a sub-two-second release (bench/program.ts), for a reference the publisher makes in
-- the same transaction to the release row it has just inserted. As for the snapshot
-- (202612010510_expo_pub_no_fk), the check goes; what the ON DELETE CASCADE did (an edition or a release
-- deleted: its changelog with it) a trigger on the release row now does, once per release, not per entry.
ALTER TABLE expo_release_changes DROP CONSTRAINT expo_release_changes_release_id_fkey;

CREATE FUNCTION expo_release_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM expo_release_changes WHERE release_id = OLD.id;
  RETURN OLD;
END
$$;
CREATE TRIGGER expo_release_deleted AFTER DELETE ON expo_releases FOR EACH ROW EXECUTE FUNCTION expo_release_deleted();
