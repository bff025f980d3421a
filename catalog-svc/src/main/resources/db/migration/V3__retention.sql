-- Retention: the object-lock date of each archive and the retention rules of each policy (from backup.policies).
ALTER TABLE backups ADD COLUMN retain_until TIMESTAMP WITH TIME ZONE;

CREATE TABLE policies (
    id           VARCHAR(200)             NOT NULL PRIMARY KEY,
    time_zone    VARCHAR(64),
    keep_last    INTEGER,
    keep_daily   INTEGER,
    keep_weekly  INTEGER,
    keep_monthly INTEGER,
    keep_yearly  INTEGER,
    max_age      VARCHAR(64),
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
