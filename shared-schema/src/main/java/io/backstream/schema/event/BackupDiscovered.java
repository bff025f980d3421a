package io.backstream.schema.event;

import io.backstream.schema.BackupType;
import io.backstream.schema.Compression;
import io.backstream.schema.TargetKind;
import java.time.Instant;

/** A backup found in the object store from its manifest (catalog rebuild). Published on {@code backup.events}. */
public record BackupDiscovered(
        String backupId,
        String targetId,
        TargetKind targetKind,
        BackupType type,
        String parentBackupId,
        String storage,
        String key,
        String manifestKey,
        long size,
        String sha256,
        long chunkCount,
        Compression compression,
        Instant createdAt) {
}
