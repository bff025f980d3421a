-- One schema for PostgreSQL and for H2 in MODE=PostgreSQL: only portable types and syntax.

CREATE TABLE backups (
    id                      VARCHAR(200)             NOT NULL PRIMARY KEY,
    target_id               VARCHAR(200),
    target_kind             VARCHAR(32),
    policy_id               VARCHAR(200),
    backup_type             VARCHAR(16),
    parent_backup_id        VARCHAR(200),
    storage                 VARCHAR(100),
    compression             VARCHAR(16),
    encryption_key_id       VARCHAR(255),
    worker_id               VARCHAR(200),
    status                  VARCHAR(16)              NOT NULL,
    failure_reason          VARCHAR(1000),
    created_at              TIMESTAMP WITH TIME ZONE NOT NULL,
    requested_at            TIMESTAMP WITH TIME ZONE,
    started_at              TIMESTAMP WITH TIME ZONE,
    finished_at             TIMESTAMP WITH TIME ZONE,
    last_progress_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    snapshot_completed_at   TIMESTAMP WITH TIME ZONE,
    chunk_count             BIGINT,
    raw_bytes               BIGINT,
    stored_bytes            BIGINT,
    snapshot_sha256         VARCHAR(64),
    file_count              BIGINT,
    warnings                VARCHAR(8000),
    upload_completed_at     TIMESTAMP WITH TIME ZONE,
    bucket                  VARCHAR(255),
    object_key              VARCHAR(1024),
    manifest_key            VARCHAR(1024),
    upload_size             BIGINT,
    upload_sha256           VARCHAR(64),
    upload_chunk_count      BIGINT,
    etag                    VARCHAR(255),
    verification_status     VARCHAR(16),
    verified_at             TIMESTAMP WITH TIME ZONE,
    verification_restore_id VARCHAR(200),
    verification_reason     VARCHAR(1000),
    delete_requested_at     TIMESTAMP WITH TIME ZONE,
    deleted_at              TIMESTAMP WITH TIME ZONE,
    delete_failure_reason   VARCHAR(1000),
    delete_failed_at        TIMESTAMP WITH TIME ZONE
);

-- list query: newest/oldest first, alone or filtered by one of the selective columns; id breaks ties for the cursor
CREATE INDEX backups_created_idx ON backups (created_at, id);
CREATE INDEX backups_target_created_idx ON backups (target_id, created_at, id);
CREATE INDEX backups_policy_created_idx ON backups (policy_id, created_at, id);
CREATE INDEX backups_status_created_idx ON backups (status, created_at, id);
-- restore-point resolution and a target's last success
CREATE INDEX backups_restore_point_idx ON backups (target_id, backup_type, status, created_at);
CREATE INDEX backups_target_finished_idx ON backups (target_id, status, finished_at);
-- chain lookups (children of a backup)
CREATE INDEX backups_parent_idx ON backups (parent_backup_id);
-- the stuck-backup sweep
CREATE INDEX backups_progress_idx ON backups (status, last_progress_at);

CREATE TABLE targets (
    id           VARCHAR(200)             NOT NULL PRIMARY KEY,
    worker_id    VARCHAR(200),
    kind         VARCHAR(32),
    description  VARCHAR(2000),
    announced_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE restores (
    id               VARCHAR(200)             NOT NULL PRIMARY KEY,
    status           VARCHAR(16)              NOT NULL,
    backup_ids       VARCHAR(8000),
    target_id        VARCHAR(200),
    point_in_time    TIMESTAMP WITH TIME ZONE,
    destination      VARCHAR(2000),
    verify_only      BOOLEAN                  NOT NULL,
    bytes_done       BIGINT                   NOT NULL,
    bytes_total      BIGINT                   NOT NULL,
    files            BIGINT                   NOT NULL,
    duration_millis  BIGINT,
    failure_reason   VARCHAR(1000),
    failed_backup_id VARCHAR(200),
    requested_at     TIMESTAMP WITH TIME ZONE,
    started_at       TIMESTAMP WITH TIME ZONE,
    finished_at      TIMESTAMP WITH TIME ZONE,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX restores_created_idx ON restores (created_at, id);

-- durable consumer idempotency: written in the same transaction as the projection it guards
CREATE TABLE processed_events (
    consumer     VARCHAR(100)             NOT NULL,
    event_id     VARCHAR(200)             NOT NULL,
    processed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (consumer, event_id)
);
