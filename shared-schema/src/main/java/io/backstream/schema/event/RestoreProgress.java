package io.backstream.schema.event;

import java.time.Instant;

/** Progress of a running restore, for progress bars. Published on {@code restore.events}. */
public record RestoreProgress(
        String restoreId,
        long bytesDone,
        long bytesTotal,
        Instant at) {
}
