package io.backstream.restore.domain;

import io.backstream.schema.event.BackupDeleteFailed;
import io.backstream.schema.event.BackupDeleted;
import io.backstream.schema.event.DeleteRequested;
import io.backstream.storage.ObjectStorage;
import io.backstream.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Carries out the catalog's retention decisions: deletes an archive and then its manifest (the storages retry
 * transient failures), and reports {@code BackupDeleted} or {@code BackupDeleteFailed} with the reason. An
 * object under an object-lock retention date is not touched. Never throws.
 */
public final class RetentionDeleter {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionDeleter.class);

    private final Storages storages;
    private final RestoreEvents events;
    private final Clock clock;

    public RetentionDeleter(Storages storages, RestoreEvents events, Clock clock) {
        this.storages = storages;
        this.events = events;
        this.clock = clock;
    }

    /** Deletes what {@code request} names and emits the outcome. */
    public void delete(DeleteRequested request) {
        Optional<ObjectStorage> storage = storages.find(request.storage());
        if (storage.isEmpty()) {
            failed(request, "storage-not-configured: this service has no storage '" + request.storage() + "'");
            return;
        }
        try {
            Optional<Instant> lockedUntil = storage.get().head(request.key()).flatMap(o -> o.retention())
                    .filter(until -> until.isAfter(clock.instant()));
            if (lockedUntil.isPresent()) {
                failed(request, "object-locked: " + request.key() + " is retained until " + lockedUntil.get());
                return;
            }
            storage.get().delete(request.key());
            if (request.manifestKey() != null) {
                storage.get().delete(request.manifestKey());
            }
        } catch (StorageException e) {
            failed(request, "storage-error: " + e.kind() + " " + e.getMessage());
            return;
        }
        LOG.info("Deleted backup {} ({}) from storage {}", request.backupId(), request.key(), request.storage());
        events.deleted(new BackupDeleted(request.backupId(), request.storage(), request.key(), clock.instant()));
    }

    private void failed(DeleteRequested request, String reason) {
        LOG.warn("Deleting backup {} failed: {}", request.backupId(), reason);
        events.deleteFailed(new BackupDeleteFailed(request.backupId(), request.storage(), request.key(), reason,
                clock.instant()));
    }
}
