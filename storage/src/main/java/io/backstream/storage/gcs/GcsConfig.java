package io.backstream.storage.gcs;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a {@link GcsObjectStorage} keeps objects and upload sessions.
 *
 * @param bucket           the bucket, which must exist
 * @param prefix           prepended to every key ({@code null} or empty for none; a missing
 *                         trailing {@code /} is added)
 * @param sessionDirectory local directory for resumable-upload sessions; another process resumes an
 *                         upload only if it sees the same directory. Session files hold the
 *                         resumable session URI, which grants write access to that one upload, so the
 *                         directory is created owner-only
 * @param chunkSize        bytes sent per request, a positive multiple of 256 KiB; the tail below it
 *                         is held in the session file until the next part or completion, so larger
 *                         chunks mean fewer requests but bigger session files
 */
public record GcsConfig(String bucket, String prefix, Path sessionDirectory, int chunkSize) {

    /** The smallest chunk GCS accepts, and the unit every chunk is a multiple of. */
    public static final int CHUNK_UNIT = 256 * 1024;

    public GcsConfig {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(sessionDirectory, "sessionDirectory");
        if (bucket.isBlank()) {
            throw new IllegalArgumentException("bucket must not be blank");
        }
        if (chunkSize <= 0 || chunkSize % CHUNK_UNIT != 0) {
            throw new IllegalArgumentException("chunkSize must be a positive multiple of 256 KiB, was " + chunkSize);
        }
        prefix = prefix == null || prefix.isEmpty() || prefix.endsWith("/") ? (prefix == null ? "" : prefix) : prefix + "/";
    }

    /** Smallest chunk size: at most 256 KiB of each upload waits in the session file. */
    public static GcsConfig of(String bucket, String prefix, Path sessionDirectory) {
        return new GcsConfig(bucket, prefix, sessionDirectory, CHUNK_UNIT);
    }
}
