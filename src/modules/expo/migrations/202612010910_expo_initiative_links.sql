-- An initiative's page lists the published programme items that show it: find them by the ids in the
-- snapshot's data without reading every item (jsonb_path_ops answers @> only, which is all it needs).
CREATE INDEX expo_pub_events_initiative_ids_idx ON expo_pub_events USING gin ((data -> 'initiative_ids') jsonb_path_ops);
