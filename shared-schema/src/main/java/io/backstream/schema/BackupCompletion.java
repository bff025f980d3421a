package io.backstream.schema;

import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.event.UploadCompleted;

/**
 * When a backup run counts as COMPLETED: once both the worker ({@link SnapshotCompleted}) and the uploader
 * ({@link UploadCompleted}) have reported it and their reports describe the same bytes. Every service that decides
 * whether a run is completed (the catalog's backup state, the scheduler's drill targets and incremental parents)
 * uses this rule, so they never disagree about a backup.
 */
public final class BackupCompletion {

    /** Failure reason of a run whose two reports disagree. */
    public static final String CHECKSUM_MISMATCH = "checksum-mismatch";

    /**
     * What one side reports about the archive.
     *
     * @param bytes      stored (compressed, encrypted) size of the archive
     * @param chunkCount number of chunks
     * @param sha256     hex SHA-256 of the stored archive; null when the side did not report one
     */
    public record Report(long bytes, long chunkCount, String sha256) {

        /** The worker's report: the stored bytes it produced. */
        public static Report of(SnapshotCompleted snapshot) {
            return new Report(snapshot.storedBytes(), snapshot.chunkCount(), snapshot.sha256());
        }

        /** The uploader's report: the bytes it wrote to the object store. */
        public static Report of(UploadCompleted upload) {
            return new Report(upload.size(), upload.chunkCount(), upload.sha256());
        }
    }

    private BackupCompletion() {
    }

    /**
     * Whether the worker's and the uploader's reports describe the same bytes: same size, same chunk count and the
     * same SHA-256 (case-insensitive). A worker report without a SHA-256 never agrees. When this answers false, the
     * run is FAILED with {@link #CHECKSUM_MISMATCH}.
     */
    public static boolean agrees(Report snapshot, Report upload) {
        return snapshot.bytes() == upload.bytes()
                && snapshot.chunkCount() == upload.chunkCount()
                && snapshot.sha256() != null
                && snapshot.sha256().equalsIgnoreCase(upload.sha256());
    }

    /** {@link #agrees(Report, Report)} for the two events. */
    public static boolean agrees(SnapshotCompleted snapshot, UploadCompleted upload) {
        return agrees(Report.of(snapshot), Report.of(upload));
    }
}
