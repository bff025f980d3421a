package io.backstream.catalog.domain;

import io.backstream.schema.BackupType;
import io.backstream.schema.Compression;
import io.backstream.schema.TargetKind;
import io.backstream.schema.event.BackupRequested;
import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.event.SnapshotStarted;
import io.backstream.schema.event.UploadCompleted;

import java.time.Instant;
import java.util.List;

/** Scripted lifecycle events of one backup for tests. */
public final class Events {

    public static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    public static final String SHA = "a".repeat(64);

    private Events() {
    }

    public static BackupRequested requested(String id) {
        return new BackupRequested(id, "db-main", BackupType.FULL, null, "s3", Compression.ZSTD, null, null,
                "scheduler", "nightly", T0, T0);
    }

    public static SnapshotStarted started(String id) {
        return new SnapshotStarted(id, "db-main", TargetKind.POSTGRES, "worker-1", BackupType.FULL, null,
                Compression.ZSTD, "s3", "nightly", T0.plusSeconds(5));
    }

    public static SnapshotCompleted snapshotCompleted(String id, long bytes, long chunks, String sha) {
        return new SnapshotCompleted(id, "db-main", TargetKind.POSTGRES, "worker-1", BackupType.FULL, null,
                Compression.ZSTD, null, "s3", "nightly", chunks, bytes * 3, bytes, sha, 12, List.of("skipped socket"),
                T0.plusSeconds(5), T0.plusSeconds(60));
    }

    public static UploadCompleted uploadCompleted(String id, long bytes, long chunks, String sha) {
        return new UploadCompleted(id, "db-main", "s3", "backstream", "p/postgres-db-main-1.tar.zst",
                "p/postgres-db-main-1.tar.zst.manifest.json", bytes, sha, "etag-1", chunks, T0.plusSeconds(70));
    }
}
