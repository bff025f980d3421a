package io.backstream.restore.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The catalog's lookups a restore or a delete needs. Implementations retry transient failures themselves and throw
 * {@link RestoreFailure} {@code catalog-unavailable} when the catalog does not answer.
 */
public interface Catalog {

    /** {@link RestoreFailure} code for a backup the catalog knows but does not have COMPLETED. */
    String NOT_RESTORABLE = "backup-not-restorable";

    /**
     * The backup to restore from, or empty when the catalog does not know it.
     *
     * @throws RestoreFailure {@value #NOT_RESTORABLE} for a backup that is not COMPLETED (running, failed, being
     *                        deleted, partly or wholly deleted): its objects are not all there
     */
    Optional<BackupLocation> backup(String backupId);

    /** The backup's objects and deletion state, or empty when the catalog does not know it. */
    Optional<BackupDeletion> deletion(String backupId);

    /**
     * The chain that restores {@code targetId} as of {@code at}: the latest full backup at or before it, then the
     * incrementals after it in order; empty when there is none.
     */
    List<BackupLocation> restorePoint(String targetId, Instant at);
}
