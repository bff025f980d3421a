package io.backstream.catalog.domain;

/**
 * What retention does with one backup and the rule that decided it.
 *
 * @param rule one of the {@code RetentionPlanner} rule names, e.g. {@value RetentionPlanner#KEEP_LAST}
 */
public record RetentionDecision(Backup backup, boolean delete, String rule) {

    /**
     * Whether retention should now ask for this backup to be deleted: a delete not already requested or done, or
     * one that stopped half-way (PARTLY_DELETED) and must be finished.
     */
    public boolean needsDeleteRequest() {
        return delete && (backup.status() == BackupStatus.COMPLETED
                || backup.status() == BackupStatus.PARTLY_DELETED);
    }
}
