package io.backstream.catalog.domain;

import io.backstream.schema.BackupCompletion;
import io.backstream.schema.event.BackupDeleteFailed;
import io.backstream.schema.event.BackupDeleted;
import io.backstream.schema.event.BackupDiscovered;
import io.backstream.schema.event.BackupRequested;
import io.backstream.schema.event.DeleteRequested;
import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.event.SnapshotStarted;
import io.backstream.schema.event.UploadCompleted;
import io.backstream.schema.event.UploadFailed;

import java.util.Objects;

/**
 * Whether a lifecycle event fits the catalog's record of its backup id, checked before anything of it is applied.
 * A finished backup's storage, keys and checksums are facts: an event naming others is refused, never merged, so a
 * forged or replayed event cannot move a backup's location, change its checksums, or start or end its deletion.
 * Deletion follows the catalog's own decisions only: a {@code DeleteRequested} read from the topic marks nothing,
 * and a {@code BackupDeleted} or {@code BackupDeleteFailed} is taken only for a backup the catalog marked DELETING.
 * The first event of an unknown backup is accepted (it creates the backup), except the deletion events.
 */
public final class LifecycleChecks {

    /** The event names another storage than the catalog's record. */
    public static final String STORAGE_MISMATCH = "storage-mismatch";
    /** The event names another archive or manifest key than the catalog's record. */
    public static final String KEY_MISMATCH = "key-mismatch";
    /** The event reports other size, chunk count or SHA-256 than the catalog's record of a finished report. */
    public static final String CHECKSUM_MISMATCH = "checksum-mismatch";
    /** A delete outcome for a backup the catalog has not marked DELETING. */
    public static final String NOT_DELETING = "not-deleting";
    /** A delete request the catalog did not decide: the backup is not DELETING. */
    public static final String NOT_DECIDED = "not-decided";
    /** A delete decision for a backup that cannot be deleted now (not COMPLETED or partly deleted). */
    public static final String NOT_DELETABLE = "not-deletable";

    private LifecycleChecks() {
    }

    /**
     * Refuses {@code event} when it does not fit {@code current}.
     *
     * @param current the backup before, null when the catalog has not seen it
     * @throws LifecycleEventRefused naming the disagreement
     */
    static void requireFits(Backup current, Object event) {
        if (event instanceof DeleteRequested e) {
            requireDecided(current, e);
        } else if (event instanceof BackupDeleted e) {
            requireDeleting(current, e.backupId(), e.storage(), e.key());
        } else if (event instanceof BackupDeleteFailed e) {
            requireDeleting(current, e.backupId(), e.storage(), e.key());
        } else if (current == null) {
            return;
        } else if (event instanceof UploadCompleted e) {
            requireStorage(current, e.storage());
            if (current.upload() != null) {
                requireKeys(current, e.key(), e.manifestKey());
                requireSameBytes(current, current.upload().size(), current.upload().chunkCount(),
                        current.upload().sha256(), e.size(), e.chunkCount(), e.sha256());
            }
        } else if (event instanceof BackupDiscovered e) {
            requireStorage(current, e.storage());
            if (current.upload() != null) {
                requireKeys(current, e.key(), e.manifestKey());
                requireSameBytes(current, current.upload().size(), current.upload().chunkCount(),
                        current.upload().sha256(), e.size(), e.chunkCount(), e.sha256());
            } else if (current.snapshot() != null) {
                requireSameBytes(current, current.snapshot().storedBytes(), current.snapshot().chunkCount(),
                        current.snapshot().sha256(), e.size(), e.chunkCount(), e.sha256());
            }
        } else if (event instanceof SnapshotCompleted e) {
            requireStorage(current, e.storage());
            if (current.snapshot() != null) {
                requireSameBytes(current, current.snapshot().storedBytes(), current.snapshot().chunkCount(),
                        current.snapshot().sha256(), e.storedBytes(), e.chunkCount(), e.sha256());
            }
        } else if (current.status().isFinished()) {
            requireStorage(current, storageOf(event));
        }
    }

    /** Refuses a catalog decision to delete {@code current} unless it is COMPLETED or partly deleted. */
    static void requireDeletable(Backup current, String backupId) {
        if (current == null || !(current.status() == BackupStatus.COMPLETED
                || current.status() == BackupStatus.PARTLY_DELETED)) {
            throw new LifecycleEventRefused(NOT_DELETABLE, "backup " + backupId + " is "
                    + (current == null ? "unknown" : current.status()) + ", only a COMPLETED or PARTLY_DELETED"
                    + " backup can be deleted");
        }
    }

    private static void requireDecided(Backup current, DeleteRequested e) {
        if (current == null || current.status() != BackupStatus.DELETING) {
            throw new LifecycleEventRefused(NOT_DECIDED, "the catalog did not decide to delete backup "
                    + e.backupId() + " (" + (current == null ? "unknown" : current.status()) + ")");
        }
        requireStorage(current, e.storage());
        requireKeys(current, e.key(), e.manifestKey());
    }

    /** A delete outcome fits a backup in DELETING, or repeats the outcome of one already DELETED. */
    private static void requireDeleting(Backup current, String backupId, String storage, String key) {
        if (current == null || !(current.status() == BackupStatus.DELETING
                || current.status() == BackupStatus.DELETED)) {
            throw new LifecycleEventRefused(NOT_DELETING, "backup " + backupId + " is "
                    + (current == null ? "unknown" : current.status()) + ", not DELETING");
        }
        if (!Objects.equals(current.storage(), storage)) {
            throw refusedStorage(current);
        }
        if (current.upload() == null || !Objects.equals(current.upload().key(), key)) {
            throw refusedKeys(current);
        }
    }

    private static void requireStorage(Backup current, String storage) {
        if (storage != null && current.storage() != null && !storage.equals(current.storage())) {
            throw refusedStorage(current);
        }
    }

    private static void requireKeys(Backup current, String key, String manifestKey) {
        if (current.upload() == null || !Objects.equals(current.upload().key(), key)
                || !Objects.equals(current.upload().manifestKey(), manifestKey)) {
            throw refusedKeys(current);
        }
    }

    private static void requireSameBytes(Backup current, long size, long chunkCount, String sha256,
                                         long otherSize, long otherChunkCount, String otherSha256) {
        if (!BackupCompletion.agrees(new BackupCompletion.Report(size, chunkCount, sha256),
                new BackupCompletion.Report(otherSize, otherChunkCount, otherSha256))) {
            throw new LifecycleEventRefused(CHECKSUM_MISMATCH, "the catalog records other size, chunk count or"
                    + " SHA-256 for backup " + current.id());
        }
    }

    private static LifecycleEventRefused refusedStorage(Backup current) {
        return new LifecycleEventRefused(STORAGE_MISMATCH, "the catalog keeps backup " + current.id()
                + " in storage '" + current.storage() + "', not the one the event names");
    }

    private static LifecycleEventRefused refusedKeys(Backup current) {
        return new LifecycleEventRefused(KEY_MISMATCH, "the catalog maps backup " + current.id()
                + " to other archive or manifest keys than the event names");
    }

    private static String storageOf(Object event) {
        if (event instanceof BackupRequested e) {
            return e.storage();
        } else if (event instanceof SnapshotStarted e) {
            return e.storage();
        } else if (event instanceof UploadFailed e) {
            return e.storage();
        }
        return null;
    }
}
