package io.backstream.schema;

/** Kind of backup: a self-contained full archive, or an incremental that needs its parent chain. */
public enum BackupType {
    FULL,
    INCREMENTAL
}
