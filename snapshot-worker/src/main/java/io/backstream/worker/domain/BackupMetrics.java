package io.backstream.worker.domain;

import java.time.Duration;

/** What the worker reports about the backups it runs. */
public interface BackupMetrics {

    /** Result label of a backup request the worker acted on. */
    enum Result { COMPLETED, FAILED, SKIPPED }

    /** A backup of {@code targetId} archived {@code rawBytes} of tar into {@code storedBytes} of compressed archive. */
    void archived(String targetId, long rawBytes, long storedBytes);

    /** A backup ran to its end, completed or failed, in {@code took}. */
    void runFinished(Result result, Duration took);

    /** A request was answered with {@code SnapshotSkipped} without running. */
    void skipped();
}
