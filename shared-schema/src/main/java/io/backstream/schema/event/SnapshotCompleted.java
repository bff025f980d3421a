package io.backstream.schema.event;

import io.backstream.schema.BackupType;
import io.backstream.schema.Compression;
import io.backstream.schema.TargetKind;
import io.backstream.schema.Warnings;
import java.time.Instant;
import java.util.List;

/** A worker produced every chunk of an archive; carries the manifest summary. Published on {@code backup.events}. */
public record SnapshotCompleted(
        String backupId,
        String targetId,
        TargetKind targetKind,
        String workerId,
        BackupType type,
        String parentBackupId,
        Compression compression,
        String encryptionKeyId,
        String storage,
        String policyId,
        long chunkCount,
        long rawBytes,
        long storedBytes,
        String sha256,
        long fileCount,
        List<String> warnings,
        Instant startedAt,
        Instant completedAt) {

    public SnapshotCompleted {
        // bounded like the schema, so an archive with very many warnings still makes a valid event
        warnings = Warnings.bounded(warnings);
    }
}
