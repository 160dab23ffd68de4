-- The published snapshot is written only by the publisher, in one transaction that keeps it
-- consistent; foreign-key checks on tens of thousands of rows per release cost more than they guard.
ALTER TABLE expo_pub_events DROP CONSTRAINT expo_pub_events_edition_id_fkey;
ALTER TABLE expo_pub_events DROP CONSTRAINT expo_pub_events_release_id_fkey;
ALTER TABLE expo_pub_events DROP CONSTRAINT expo_pub_events_first_release_id_fkey;
ALTER TABLE expo_pub_occurrences DROP CONSTRAINT expo_pub_occurrences_event_id_fkey;
ALTER TABLE expo_pub_occurrences DROP CONSTRAINT expo_pub_occurrences_release_id_fkey;
