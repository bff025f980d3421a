package io.backstream.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * An unfinished upload found by {@link ObjectStorage#listUploads}.
 *
 * @param upload    its handle, which {@link ObjectStorage#abort} takes
 * @param initiated when it was started; backends that do not record that report the time of its last
 *                  part, which is later, so an upload is never taken for older than it is
 */
public record PendingUpload(MultipartUpload upload, Instant initiated) {

    public PendingUpload {
        Objects.requireNonNull(upload, "upload");
        Objects.requireNonNull(initiated, "initiated");
    }
}
