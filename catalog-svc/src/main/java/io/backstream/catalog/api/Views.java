package io.backstream.catalog.api;

import io.backstream.catalog.domain.Backup;
import io.backstream.catalog.domain.Restore;
import io.backstream.catalog.domain.Target;
import io.backstream.catalog.domain.TargetStats;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** JSON bodies of the catalog API. Absent values are left out. */
final class Views {

    private Views() {
    }

    /** One backup in a list. */
    @Serdeable
    record BackupSummary(String id, @Nullable String targetId, @Nullable String policyId, @Nullable String type,
                         String status, @Nullable String failureReason, Instant createdAt,
                         @Nullable Instant finishedAt, @Nullable Long size, @Nullable String parentBackupId,
                         @Nullable String verification) {
        static BackupSummary of(Backup b) {
            return new BackupSummary(b.id(), b.targetId(), b.policyId(), name(b.type()), b.status().name(),
                    b.failureReason(), b.createdAt(), b.finishedAt(), b.upload() == null ? null : b.upload().size(),
                    b.parentBackupId(), b.verification() == null ? null : b.verification().status().name());
        }
    }

    /** A page of backups; pass {@code nextCursor} as {@code cursor} for the next page (absent on the last). */
    @Serdeable
    record BackupPage(List<BackupSummary> items, @Nullable String nextCursor) {
    }

    @Serdeable
    record Sizes(@Nullable Long rawBytes, @Nullable Long storedBytes, @Nullable Long uploadedBytes) {
    }

    @Serdeable
    record Durations(@Nullable Double snapshotSeconds, @Nullable Double uploadSeconds, @Nullable Double totalSeconds) {
    }

    @Serdeable
    record Checksums(@Nullable String snapshotSha256, @Nullable String uploadSha256) {
    }

    @Serdeable
    record Location(@Nullable String storage, @Nullable String bucket, @Nullable String key,
                    @Nullable String manifestKey, @Nullable String etag) {
    }

    @Serdeable
    record ManifestSummary(long chunkCount, long fileCount, long rawBytes, List<String> warnings) {
    }

    @Serdeable
    record Chain(@Nullable String parentBackupId, List<String> childIds) {
    }

    @Serdeable
    record VerificationView(String status, Instant at, @Nullable String restoreId, @Nullable String reason) {
    }

    @Serdeable
    record DeletionView(@Nullable Instant requestedAt, @Nullable Instant deletedAt, @Nullable String failureReason,
                        @Nullable Instant failedAt) {
    }

    /** Everything the catalog knows about one backup. */
    @Serdeable
    record BackupDetail(String id, @Nullable String targetId, @Nullable String targetKind, @Nullable String policyId,
                        @Nullable String type, String status, @Nullable String failureReason,
                        @Nullable String workerId, @Nullable String compression, Instant createdAt,
                        @Nullable Instant requestedAt, @Nullable Instant startedAt,
                        @Nullable Instant snapshotCompletedAt, @Nullable Instant uploadCompletedAt,
                        @Nullable Instant finishedAt, Sizes sizes, Durations durations, Checksums checksums,
                        Location location, @Nullable ManifestSummary manifest, Chain chain,
                        @Nullable VerificationView verification, @Nullable DeletionView deletion) {
        static BackupDetail of(Backup b, List<String> children) {
            var s = b.snapshot();
            var u = b.upload();
            Duration upload = s == null || u == null ? null : Duration.between(s.completedAt(), u.completedAt());
            return new BackupDetail(b.id(), b.targetId(), name(b.targetKind()), b.policyId(), name(b.type()),
                    b.status().name(), b.failureReason(), b.workerId(), name(b.compression()), b.createdAt(),
                    b.requestedAt(), b.startedAt(), s == null ? null : s.completedAt(),
                    u == null ? null : u.completedAt(), b.finishedAt(),
                    new Sizes(s == null ? null : s.rawBytes(), s == null ? null : s.storedBytes(),
                            u == null ? null : u.size()),
                    new Durations(seconds(b.snapshotDuration()), seconds(upload), seconds(b.totalDuration())),
                    new Checksums(s == null ? null : s.sha256(), u == null ? null : u.sha256()),
                    new Location(b.storage(), u == null ? null : u.bucket(), u == null ? null : u.key(),
                            u == null ? null : u.manifestKey(), u == null ? null : u.etag()),
                    s == null ? null : new ManifestSummary(s.chunkCount(), s.fileCount(), s.rawBytes(), s.warnings()),
                    new Chain(b.parentBackupId(), children),
                    b.verification() == null ? null : new VerificationView(b.verification().status().name(),
                            b.verification().at(), b.verification().restoreId(), b.verification().reason()),
                    b.deletion() == null ? null : new DeletionView(b.deletion().requestedAt(),
                            b.deletion().deletedAt(), b.deletion().failureReason(), b.deletion().failedAt()));
        }
    }

    /** A target with its newest backup and newest success. */
    @Serdeable
    record TargetView(String id, @Nullable String workerId, @Nullable String kind, @Nullable String description,
                      Instant announcedAt, @Nullable BackupSummary lastBackup, @Nullable BackupSummary lastSuccess) {
        static TargetView of(Target t, @Nullable Backup lastBackup, @Nullable Backup lastSuccess) {
            return new TargetView(t.id(), t.workerId(), name(t.kind()), t.description(), t.announcedAt(),
                    lastBackup == null ? null : BackupSummary.of(lastBackup),
                    lastSuccess == null ? null : BackupSummary.of(lastSuccess));
        }
    }

    /** The backups to restore for a point in time, in apply order (the full backup first). */
    @Serdeable
    record RestorePointView(String targetId, Instant at, List<BackupSummary> backups) {
    }

    @Serdeable
    record RestoreView(String id, String status, List<String> backupIds, @Nullable String targetId,
                       @Nullable Instant pointInTime, @Nullable String destination, boolean verifyOnly, long bytesDone,
                       long bytesTotal, long files, @Nullable Long durationMillis, @Nullable String failureReason,
                       @Nullable String failedBackupId, @Nullable Instant requestedAt, @Nullable Instant startedAt,
                       @Nullable Instant finishedAt, Instant createdAt, Instant updatedAt) {
        static RestoreView of(Restore r) {
            return new RestoreView(r.id(), r.status().name(), r.backupIds(), r.targetId(), r.pointInTime(),
                    r.destination(), r.verifyOnly(), r.bytesDone(), r.bytesTotal(), r.files(), r.durationMillis(),
                    r.failureReason(), r.failedBackupId(), r.requestedAt(), r.startedAt(), r.finishedAt(),
                    r.createdAt(), r.updatedAt());
        }
    }

    @Serdeable
    record RestoreList(List<RestoreView> items) {
    }

    @Serdeable
    record StatsView(String window, Instant since, List<TargetStatsView> targets) {
    }

    @Serdeable
    record TargetStatsView(String targetId, long runs, long completed, long failed, long skipped, long bytes,
                           @Nullable Double successRate, @Nullable Instant lastSuccess) {
        static TargetStatsView of(TargetStats s) {
            return new TargetStatsView(s.targetId(), s.runs(), s.completed(), s.failed(), s.skipped(), s.bytes(),
                    s.successRate(), s.lastSuccess());
        }
    }

    @Serdeable
    record TargetList(List<TargetView> items) {
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    private static Double seconds(Duration duration) {
        return duration == null ? null : duration.toMillis() / 1000.0;
    }

    /** The retention dry run of one policy, decisions newest first. */
    @Serdeable
    record RetentionPreview(String policyId, String timeZone, Instant evaluatedAt, List<RetentionItem> backups) {
    }

    /** One backup's retention decision: {@code decision} is keep or delete, {@code rule} what decided it. */
    @Serdeable
    record RetentionItem(String backupId, @Nullable String targetId, Instant createdAt, @Nullable String type,
                         String status, String decision, String rule) {
    }
}
