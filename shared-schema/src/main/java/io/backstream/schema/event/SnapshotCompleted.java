package io.backstream.schema.event;

import io.backstream.schema.BackupType;
import io.backstream.schema.Compression;
import io.backstream.schema.TargetKind;
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
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }
}
