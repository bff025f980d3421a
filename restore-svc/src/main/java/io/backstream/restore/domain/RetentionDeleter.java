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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Carries out the catalog's retention decisions. A request is honoured only when it fits the catalog's record of
 * its backup id: the catalog knows the backup, names the request's storage, archive key and manifest key, and has
 * marked it for deletion (DELETING). Only the objects the catalog names are deleted, the archive first and then its
 * manifest, so a delete that stops half-way still has the manifest that describes what is left (the storages retry
 * transient failures). The outcome is reported as {@code BackupDeleted} or {@code BackupDeleteFailed} with the
 * reason and, for a delete that stopped half-way, the keys already deleted (the catalog then records the backup
 * PARTLY_DELETED and asks again later); an object already absent counts as deleted, so the retry finishes the job.
 * An object under an object-lock retention date is not touched. Every refusal is logged with the backup id
 * and counted by its code.
 */
public final class RetentionDeleter {

    /** Counts what the deleter refused. */
    public interface Metrics {
        /** One request refused, {@code code} as in {@link DeleteRefused#code()}. */
        void refused(String code);
    }

    private static final Logger LOG = LoggerFactory.getLogger(RetentionDeleter.class);
    private static final String NOT_MARKED = "not-marked";

    private final Catalog catalog;
    private final Storages storages;
    private final RestoreEvents events;
    private final Metrics metrics;
    private final Clock clock;

    public RetentionDeleter(Catalog catalog, Storages storages, RestoreEvents events, Metrics metrics, Clock clock) {
        this.catalog = catalog;
        this.storages = storages;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Checks a request against the catalog before it is accepted: empty when it fits, else the refusal, already
     * logged and counted. The catalog writes its mark before it publishes a request, so a request whose backup is
     * not marked is not the catalog's and is refused at once.
     *
     * @throws RestoreFailure {@code catalog-unavailable} when the catalog does not answer; nothing was decided
     */
    public Optional<DeleteRefused> vet(DeleteRequested request) {
        try {
            fitting(request);
            return Optional.empty();
        } catch (DeleteRefused refused) {
            refused(request, refused);
            return Optional.of(refused);
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
        List<String> deleted = new ArrayList<>();
        try {
            Optional<Instant> lockedUntil = storage.get().head(recorded.key()).flatMap(o -> o.retention())
                    .filter(until -> until.isAfter(clock.instant()));
            if (lockedUntil.isPresent()) {
                failed(request, "object-locked: " + recorded.key() + " is retained until " + lockedUntil.get());
                return;
            }
            storage.get().delete(recorded.key());
            deleted.add(recorded.key());
            if (recorded.manifestKey() != null) {
                storage.get().delete(recorded.manifestKey());
                deleted.add(recorded.manifestKey());
            }
        } catch (StorageException e) {
            failed(request, "storage-error: " + e.kind() + " " + e.getMessage(), deleted);
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
        failed(request, reason, List.of());
    }

    /** Reports a failed delete; {@code deleted} names the objects already gone, so the catalog sees a partial one. */
    private void failed(DeleteRequested request, String reason, List<String> deleted) {
        LOG.warn("Deleting backup {} failed after deleting {}: {}", request.backupId(), deleted, reason);
        events.deleteFailed(new BackupDeleteFailed(request.backupId(), request.storage(), request.key(), reason,
                clock.instant(), deleted.isEmpty() ? null : List.copyOf(deleted)));
    }
}
