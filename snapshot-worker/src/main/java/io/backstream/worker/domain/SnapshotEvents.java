package io.backstream.worker.domain;

import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.event.SnapshotFailed;
import io.backstream.schema.event.SnapshotSkipped;
import io.backstream.schema.event.SnapshotStarted;

/**
 * Where the outcome of each backup request is announced. Every method returns once the event is durable
 * and throws an unchecked exception when it could not be published.
 */
public interface SnapshotEvents {

    void started(SnapshotStarted event);

    void completed(SnapshotCompleted event);

    void failed(SnapshotFailed event);

    void skipped(SnapshotSkipped event);
}
