package io.backstream.uploader.domain;

import io.backstream.schema.event.SnapshotStarted;

import java.time.Instant;

/**
 * What the uploader must remember about one backup to resume it in another process. Persisted by
 * {@link StateStore} after every batch of records; the spooled chunk and file lists hold exactly
 * {@code chunksLength} and {@code filesLength} bytes that belong to this state.
 *
 * @param started         the start record
 * @param storage         name of the storage the archive goes to
 * @param key             archive object key
 * @param manifestKey     manifest object key
 * @param token           the storage's multipart upload token
 * @param uploadStartedAt when the uploader saw the start record
 * @param nextSequence    the next data chunk expected (= chunks durable so far)
 * @param archiveBytes    bytes durable so far
 * @param digestState     running whole-archive SHA-256 over those bytes ({@link ResumableSha256#state()})
 * @param chunksLength    valid bytes in the chunk spool
 * @param filesLength     valid bytes in the file-entry spool
 * @param fileCount       file entries spooled
 * @param pendingIndex    the index record of chunk {@code nextSequence}, when it has arrived
 * @param completedEtag   set once the archive object is complete (the manifest and event may still be due)
 * @param lastRecordAt    when the last record that moved the backup on was made durable; {@code null} in states
 *                        written before it was recorded, which count from {@code uploadStartedAt}
 */
public record UploadState(
        String backupId,
        SnapshotStarted started,
        String storage,
        String key,
        String manifestKey,
        String token,
        Instant uploadStartedAt,
        long nextSequence,
        long archiveBytes,
        byte[] digestState,
        long chunksLength,
        long filesLength,
        long fileCount,
        PendingIndex pendingIndex,
        String completedEtag,
        Instant lastRecordAt) {

    /** Where the next chunk's frames sit in the tar stream. */
    public record PendingIndex(long sequence, long rawOffset, long rawSize) {
    }

    UploadState withIndex(PendingIndex index, long newFileCount) {
        return new UploadState(backupId, started, storage, key, manifestKey, token, uploadStartedAt, nextSequence,
                archiveBytes, digestState, chunksLength, filesLength, newFileCount, index, completedEtag, lastRecordAt);
    }

    UploadState withChunk(long size, byte[] newDigestState) {
        return new UploadState(backupId, started, storage, key, manifestKey, token, uploadStartedAt, nextSequence + 1,
                archiveBytes + size, newDigestState, chunksLength, filesLength, fileCount, null, completedEtag, lastRecordAt);
    }

    UploadState withSpools(long newChunksLength, long newFilesLength) {
        return new UploadState(backupId, started, storage, key, manifestKey, token, uploadStartedAt, nextSequence,
                archiveBytes, digestState, newChunksLength, newFilesLength, fileCount, pendingIndex, completedEtag, lastRecordAt);
    }

    UploadState withCompleted(String etag) {
        return new UploadState(backupId, started, storage, key, manifestKey, token, uploadStartedAt, nextSequence,
                archiveBytes, digestState, chunksLength, filesLength, fileCount, pendingIndex, etag == null ? "" : etag, lastRecordAt);
    }

    UploadState withLastRecordAt(Instant at) {
        return new UploadState(backupId, started, storage, key, manifestKey, token, uploadStartedAt, nextSequence,
                archiveBytes, digestState, chunksLength, filesLength, fileCount, pendingIndex, completedEtag, at);
    }

    /** When the backup last moved on: its last durable record, or the start of its upload. */
    Instant lastActivity() {
        return lastRecordAt != null ? lastRecordAt : uploadStartedAt;
    }

    boolean completed() {
        return completedEtag != null;
    }
}
