package io.backstream.uploader.domain;

import io.backstream.storage.MultipartUpload;
import io.backstream.storage.ObjectStorage;
import io.backstream.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Throws away what a failed backup left in its store and then announces the failure. It touches only
 * what this uploader wrote for exactly this backup id, as its state records it: the multipart upload
 * of the state's token, and the archive and manifest objects only once the state records that this
 * uploader completed the archive (the keys were free when the upload started). An object merely found
 * under a key is never deleted. Clean-up is best effort: what cannot be aborted or deleted is logged,
 * and the failure is announced all the same.
 */
final class FailureCleanup {

    private static final Logger LOG = LoggerFactory.getLogger(FailureCleanup.class);

    private final UploadOutcomes outcomes;

    FailureCleanup(UploadOutcomes outcomes) {
        this.outcomes = outcomes;
    }

    /** Waits for the backup's parts in flight, discards what it stored and announces {@code reason}. */
    void fail(ActiveUpload backup, String reason) {
        backup.discardStaged("the backup is failing");
        UploadState state = backup.state;
        discard(state, backup.storage.storage(), backup.upload);
        outcomes.failed(state.backupId(), state.started().targetId(), backup.storage.name(), state, reason);
    }

    /**
     * Discards what a backup that got no record for too long stored, as {@link #fail} does, and announces it
     * abandoned. {@code storage} is {@code null} when the backup's storage is no longer configured; its upload
     * is then left to the store's own expiry.
     */
    void abandon(UploadState state, NamedStorage storage, MultipartUpload upload) {
        if (storage == null) {
            LOG.warn("Backup {}: storage {} is no longer configured: the upload of {} cannot be aborted",
                    state.backupId(), state.storage(), state.key());
        } else {
            discard(state, storage.storage(), upload);
        }
        outcomes.abandoned(state, state.storage());
    }

    private static void discard(UploadState state, ObjectStorage storage, MultipartUpload upload) {
        try {
            storage.abort(upload);
        } catch (StorageException e) {
            LOG.warn("Backup {}: cannot abort the upload of {}: {}", state.backupId(), state.key(), e.getMessage());
        }
        if (state.completed()) {
            for (String key : List.of(state.key(), state.manifestKey())) {
                try {
                    storage.delete(key);
                } catch (StorageException e) {
                    LOG.warn("Backup {}: cannot delete {}: {}", state.backupId(), key, e.getMessage());
                }
            }
        }
    }
}
