package io.backstream.scheduler.domain;

import io.backstream.schema.BackupType;

import java.time.Instant;

/**
 * What the scheduler knows about one backup.
 *
 * @param backupId  the backup
 * @param policyId  the policy that scheduled it, null for ad-hoc backups or when not (yet) known
 * @param targetId  the target
 * @param type      FULL or INCREMENTAL, null when not (yet) known
 * @param status    the furthest state seen
 * @param reason    why it failed or was skipped, else null
 * @param startedAt when the snapshot started (or was requested), used as the time a chain's full was taken
 * @param updatedAt time of the latest event about it
 */
public record BackupState(String backupId, String policyId, String targetId, BackupType type, LedgerStatus status,
                          String reason, Instant startedAt, Instant updatedAt) {
}
