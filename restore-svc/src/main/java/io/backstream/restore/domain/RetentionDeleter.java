package io.backstream.restore.domain;

import io.backstream.schema.event.BackupDeleteFailed;
import io.backstream.schema.event.BackupDeleted;
import io.backstream.schema.event.DeleteRequested;
import io.backstream.storage.ObjectStorage;
import io.backstream.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Carries out the catalog's retention decisions. A request is honoured only when it fits the catalog's record of
 * its backup id: the catalog knows the backup, names the request's storage, archive key and manifest key, and has
 * marked it for deletion (DELETING). Only the objects the catalog names are deleted, the archive first and then its
 * manifest, so a delete that stops half-way still has the manifest that describes what is left (the storages retry
 * transient failures). The outcome is reported as {@code BackupDeleted} or {@code BackupDeleteFailed} with the
 * reason; an object under an object-lock retention date is not touched. Every refusal is logged with the backup id
 * and counted by its code.
 */
public final class RetentionDeleter {

    /** Counts what the deleter refused. */
    public interface Metrics {
        /** One request refused, {@code code} as in {@link DeleteRefused#code()}. */
        void refused(String code);
    }

    /** How the deleter waits before asking the catalog again; tests replace the real sleep. */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(RetentionDeleter.class);
    private static final Duration MARK_POLL = Duration.ofMillis(500);
    private static final String NOT_MARKED = "not-marked";

    private final Catalog catalog;
    private final Storages storages;
    private final RestoreEvents events;
    private final Metrics metrics;
    private final Clock clock;
    private final long markPolls;
    private final Pause pause;

    /**
     * @param markWait how long {@link #vet} waits for the catalog to mark a backup whose objects the request names
     *                 correctly, asking every half second
     */
    public RetentionDeleter(Catalog catalog, Storages storages, RestoreEvents events, Metrics metrics, Clock clock,
                            Duration markWait, Pause pause) {
        this.catalog = catalog;
        this.storages = storages;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
        this.markPolls = Math.max(0, markWait.toMillis() / MARK_POLL.toMillis());
        this.pause = pause;
    }

    /**
     * Checks a request against the catalog before it is accepted: empty when it fits, else the refusal, already
     * logged and counted. The catalog records the delete requests it reads on the same topic, possibly moments
     * after this service reads them, so a request that fits in all but the mark is asked about again for the
     * configured wait before it is refused.
     *
     * @throws RestoreFailure {@code catalog-unavailable} when the catalog does not answer; nothing was decided
     */
    public Optional<DeleteRefused> vet(DeleteRequested request) {
        for (long poll = 0; ; poll++) {
            try {
                fitting(request);
                return Optional.empty();
            } catch (DeleteRefused refused) {
                if (!refused.code().equals(NOT_MARKED) || poll >= markPolls) {
                    refused(request, refused);
                    return Optional.of(refused);
                }
            }
            try {
                pause.pause(MARK_POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RestoreFailure("catalog-unavailable", "interrupted while waiting for the catalog to mark "
                        + "backup " + request.backupId() + " for deletion", e);
            }
        }
    }

    /**
     * Checks an accepted request against the catalog once more (without waiting), deletes what the catalog names and
     * emits the outcome; a refusal here is reported as {@code BackupDeleteFailed}. Never throws.
     */
    public void delete(DeleteRequested request) {
        BackupDeletion recorded;
        try {
            recorded = fitting(request);
        } catch (DeleteRefused refused) {
            refused(request, refused);
            failed(request, refused.getMessage());
            return;
        } catch (RestoreFailure e) {
            failed(request, e.reason());
            return;
        }
        Optional<ObjectStorage> storage = storages.find(recorded.storage());
        if (storage.isEmpty()) {
            failed(request, "storage-not-configured: this service has no storage '" + recorded.storage() + "'");
            return;
        }
        try {
            Optional<Instant> lockedUntil = storage.get().head(recorded.key()).flatMap(o -> o.retention())
                    .filter(until -> until.isAfter(clock.instant()));
            if (lockedUntil.isPresent()) {
                failed(request, "object-locked: " + recorded.key() + " is retained until " + lockedUntil.get());
                return;
            }
            storage.get().delete(recorded.key());
            if (recorded.manifestKey() != null) {
                storage.get().delete(recorded.manifestKey());
            }
        } catch (StorageException e) {
            failed(request, "storage-error: " + e.kind() + " " + e.getMessage());
            return;
        }
        LOG.info("Deleted backup {} ({}) from storage {}", recorded.backupId(), recorded.key(), recorded.storage());
        events.deleted(new BackupDeleted(recorded.backupId(), recorded.storage(), recorded.key(), clock.instant()));
    }

    /** The catalog's record of the request's backup when the request fits it. */
    private BackupDeletion fitting(DeleteRequested request) {
        String id = request.backupId();
        BackupDeletion recorded = catalog.deletion(id)
                .orElseThrow(() -> new DeleteRefused("unknown-backup", "the catalog knows no backup " + id));
        if (!Objects.equals(recorded.storage(), request.storage())) {
            throw new DeleteRefused("storage-mismatch", "the catalog keeps backup " + id + " in storage '"
                    + recorded.storage() + "', not the one requested");
        }
        if (recorded.key() == null || !recorded.key().equals(request.key())
                || !Objects.equals(recorded.manifestKey(), request.manifestKey())) {
            throw new DeleteRefused("key-mismatch", "the catalog maps backup " + id + " to archive "
                    + recorded.key() + " and manifest " + recorded.manifestKey() + ", not the keys requested");
        }
        if (!recorded.marked()) {
            throw new DeleteRefused(NOT_MARKED, "the catalog has not marked backup " + id + " for deletion (status "
                    + recorded.status() + ")");
        }
        return recorded;
    }

    private void refused(DeleteRequested request, DeleteRefused refused) {
        LOG.warn("Refused to delete backup {}: {}", request.backupId(), refused.getMessage());
        metrics.refused(refused.code());
    }

    private void failed(DeleteRequested request, String reason) {
        LOG.warn("Deleting backup {} failed: {}", request.backupId(), reason);
        events.deleteFailed(new BackupDeleteFailed(request.backupId(), request.storage(), request.key(), reason,
                clock.instant()));
    }
}
