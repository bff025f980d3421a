package io.backstream.worker.domain;

import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.event.SnapshotFailed;
import io.backstream.schema.event.SnapshotStarted;

import java.io.IOException;

/** Where the archive of one backup goes, with its end or abort; one writer thread. */
public interface ArchiveStream extends SnapshotEngine.ArchiveSink {

    /** Ends the stream with the backup's totals; returns once everything sent is durable. */
    void end(SnapshotCompleted completed) throws IOException;

    /**
     * Closes a stream that began but cannot end, so its receiver throws away what it got; does nothing
     * for a stream that never began. Best effort: the failure is announced on its own either way.
     */
    void abort(SnapshotFailed failed) throws IOException;

    /**
     * Closes the stream of a backup that an earlier process of this worker began and could not end, so
     * its receiver throws away what it got; unlike {@link #abort} it does not need this stream to have begun.
     */
    void abandon(SnapshotFailed failed) throws IOException;

    /** Opens the stream of each backup. */
    @FunctionalInterface
    interface Opener {
        ArchiveStream open(SnapshotStarted started);
    }
}
