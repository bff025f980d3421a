package io.backstream.schema.event;

import io.backstream.schema.BackupType;
import io.backstream.schema.Compression;
import java.time.Instant;

/**
 * Ask the worker owning {@code targetId} to take a backup. Published on {@code backup.requests}, key targetId.
 * {@code type} INCREMENTAL needs {@code parentBackupId}; null optional fields mean the worker's defaults.
 */
public record BackupRequested(
        String backupId,
        String targetId,
        BackupType type,
        String parentBackupId,
        String storage,
        Compression compression,
        Integer compressionLevel,
        String encryptionKeyId,
        String requestedBy,
        String policyId,
        Instant scheduledAt,
        Instant requestedAt) {
}
