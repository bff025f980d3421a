package io.backstream.uploader.domain;

import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.event.UploadCompleted;
import io.backstream.schema.event.UploadFailed;
import io.backstream.storage.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Ends a backup: announces {@code UploadCompleted} or {@code UploadFailed}, counts the run and records
 * the outcome in the state store, in that order, so a crash before the outcome is recorded announces
 * it again on the redelivery rather than never.
 */
final class UploadOutcomes {

    private static final Logger LOG = LoggerFactory.getLogger(UploadOutcomes.class);

    private final StateStore store;
    private final UploadEvents events;
    private final UploadMetrics metrics;
    private final Clock clock;

    UploadOutcomes(StateStore store, UploadEvents events, UploadMetrics metrics, Clock clock) {
        this.store = store;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The archive {@code object} is complete and its manifest stored. */
    void completed(ActiveUpload backup, SnapshotCompleted completed, StoredObject object) {
        String backupId = completed.backupId();
        UploadState state = backup.state;
        NamedStorage named = backup.storage;
        Instant now = clock.instant();
        events.completed(new UploadCompleted(backupId, state.started().targetId(), named.name(), named.bucket(),
                state.key(), state.manifestKey(), object.size(), completed.sha256(),
                object.etag() == null || object.etag().isEmpty() ? null : object.etag(),
                completed.chunkCount(), now, named.retainUntil(state.uploadStartedAt())));
        metrics.runFinished(named.name(), UploadMetrics.Result.COMPLETED, Duration.between(state.uploadStartedAt(), now));
        store.finish(backupId, "completed");
        LOG.info("Backup {}: {} bytes in {} chunks stored as {} (SHA-256 {})", backupId, object.size(),
                completed.chunkCount(), state.key(), completed.sha256());
    }

    /**
     * The backup failed for {@code reason}. {@code targetId}, {@code storage} and {@code state} are
     * {@code null} when not known yet; without a state the run is counted as taking no time.
     */
    void failed(String backupId, String targetId, String storage, UploadState state, String reason) {
        LOG.warn("Backup {}: upload failed: {}", backupId, reason);
        announceFailure(backupId, targetId, storage, state, reason);
        store.finish(backupId, "failed");
    }

    /**
     * The backup got no record for too long and its upload was thrown away: {@code UploadFailed} with reason
     * {@link AbandonedBackupException#REASON}, and an outcome that makes its late records refused, not skipped.
     */
    void abandoned(UploadState state, String storage) {
        announceFailure(state.backupId(), state.started().targetId(), storage, state, AbandonedBackupException.REASON);
        metrics.uploadAbandoned(storage);
        store.finish(state.backupId(), AbandonedBackupException.REASON);
    }

    private void announceFailure(String backupId, String targetId, String storage, UploadState state, String reason) {
        Instant now = clock.instant();
        events.failed(new UploadFailed(backupId, targetId, storage, reason, now));
        metrics.runFinished(storage, UploadMetrics.Result.FAILED,
                state == null ? Duration.ZERO : Duration.between(state.uploadStartedAt(), now));
    }
}
