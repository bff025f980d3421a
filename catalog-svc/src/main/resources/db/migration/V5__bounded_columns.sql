-- Every column an event string lands in holds that string's schema maxLength (CatalogColumnsFitSchemasIT
-- checks it), so a schema-valid event can never fail its insert and block the catalog's consumer.
-- Lists are stored joined: warnings (100 x 1024, '\n') and a restore's backup ids (1000 x 256, ',').
ALTER TABLE backups ALTER COLUMN id SET DATA TYPE VARCHAR(256);
ALTER TABLE backups ALTER COLUMN policy_id SET DATA TYPE VARCHAR(256);
ALTER TABLE backups ALTER COLUMN parent_backup_id SET DATA TYPE VARCHAR(256);
ALTER TABLE backups ALTER COLUMN storage SET DATA TYPE VARCHAR(128);
ALTER TABLE backups ALTER COLUMN encryption_key_id SET DATA TYPE VARCHAR(256);
ALTER TABLE backups ALTER COLUMN worker_id SET DATA TYPE VARCHAR(256);
ALTER TABLE backups ALTER COLUMN failure_reason SET DATA TYPE VARCHAR(4096);
ALTER TABLE backups ALTER COLUMN warnings SET DATA TYPE VARCHAR(102500);
ALTER TABLE backups ALTER COLUMN bucket SET DATA TYPE VARCHAR(256);
ALTER TABLE backups ALTER COLUMN etag SET DATA TYPE VARCHAR(1024);
ALTER TABLE backups ALTER COLUMN verification_restore_id SET DATA TYPE VARCHAR(256);
ALTER TABLE backups ALTER COLUMN verification_reason SET DATA TYPE VARCHAR(4096);
ALTER TABLE backups ALTER COLUMN delete_failure_reason SET DATA TYPE VARCHAR(4096);

ALTER TABLE targets ALTER COLUMN worker_id SET DATA TYPE VARCHAR(256);
ALTER TABLE targets ALTER COLUMN description SET DATA TYPE VARCHAR(4096);

ALTER TABLE restores ALTER COLUMN id SET DATA TYPE VARCHAR(256);
ALTER TABLE restores ALTER COLUMN backup_ids SET DATA TYPE VARCHAR(257000);
-- KIND:path, the longest kind being DIRECTORY
ALTER TABLE restores ALTER COLUMN destination SET DATA TYPE VARCHAR(4106);
ALTER TABLE restores ALTER COLUMN failure_reason SET DATA TYPE VARCHAR(4096);
ALTER TABLE restores ALTER COLUMN failed_backup_id SET DATA TYPE VARCHAR(256);

ALTER TABLE policies ALTER COLUMN id SET DATA TYPE VARCHAR(256);

-- Duplicate detection keys on consumer, event type and id, and keeps a hash of the payload so a second event with
-- the same id and another payload is told apart from a redelivery. Rows from before have no type ('') and no hash:
-- they still match their id as plain duplicates.
CREATE TABLE processed_events_v5 (
    consumer       VARCHAR(100)             NOT NULL,
    event_type     VARCHAR(128)             NOT NULL,
    event_id       VARCHAR(256)             NOT NULL,
    payload_sha256 VARCHAR(64),
    processed_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (consumer, event_type, event_id)
);
INSERT INTO processed_events_v5 (consumer, event_type, event_id, payload_sha256, processed_at)
    SELECT consumer, '', event_id, NULL, processed_at FROM processed_events;
DROP TABLE processed_events;
ALTER TABLE processed_events_v5 RENAME TO processed_events;
CREATE INDEX processed_events_at_idx ON processed_events (processed_at);
CREATE INDEX processed_events_id_idx ON processed_events (consumer, event_id);
