-- the sweeper deletes processed event ids older than the topics' retention; this keeps that delete cheap
CREATE INDEX processed_events_at_idx ON processed_events (processed_at);
