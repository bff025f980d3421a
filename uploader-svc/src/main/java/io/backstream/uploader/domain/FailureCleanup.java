package io.backstream.uploader.domain;

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
        ObjectStorage storage = backup.storage.storage();
        try {
            storage.abort(backup.upload);
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
        outcomes.failed(state.backupId(), state.started().targetId(), backup.storage.name(), state, reason);
    }
}
