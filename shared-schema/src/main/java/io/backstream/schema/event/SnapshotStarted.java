package io.backstream.schema.event;

import io.backstream.schema.BackupType;
import io.backstream.schema.Compression;
import io.backstream.schema.TargetKind;
import java.time.Instant;

/** A worker began archiving. Published on {@code backup.events}, key backupId. */
public record SnapshotStarted(
        String backupId,
        String targetId,
        TargetKind targetKind,
        String workerId,
        BackupType type,
        String parentBackupId,
        Compression compression,
        String storage,
        String policyId,
        Instant startedAt) {
}
