package io.backstream.scheduler.domain;

import io.backstream.schema.event.BackupRequested;
import io.backstream.schema.event.RestoreRequested;
import io.backstream.schema.event.SnapshotSkipped;

/** Where the scheduler's decisions go; each call returns once the decision is durable. */
public interface RunSink {

    /** A backup request; {@code trigger} is {@code schedule} or {@code adhoc}. */
    void backupRequested(BackupRequested request, String trigger);

    /** A scheduled run that did not start. */
    void snapshotSkipped(SnapshotSkipped skipped);

    /** A verification drill. */
    void restoreRequested(RestoreRequested request);
}
