package io.backstream.catalog.api;

import io.backstream.catalog.domain.Backup;
import io.backstream.catalog.domain.Restore;
import io.backstream.catalog.domain.Target;
import io.backstream.catalog.domain.TargetStats;
import io.backstream.schema.catalog.BackupDetail;
import io.backstream.schema.catalog.BackupSummary;
import io.backstream.schema.catalog.Chain;
import io.backstream.schema.catalog.BackupChecksums;
import io.backstream.schema.catalog.DeletionView;
import io.backstream.schema.catalog.BackupDurations;
import io.backstream.schema.catalog.Location;
import io.backstream.schema.catalog.ManifestSummary;
import io.backstream.schema.catalog.RestoreView;
import io.backstream.schema.catalog.Sizes;
import io.backstream.schema.catalog.TargetStatsView;
import io.backstream.schema.catalog.TargetView;
import io.backstream.schema.catalog.VerificationView;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;
import java.util.List;

/** The catalog's domain objects as the JSON bodies of its API (the records of {@code io.backstream.schema.catalog}). */
final class Views {

    private Views() {
    }

    static BackupSummary summary(Backup b) {
        return new BackupSummary(b.id(), b.targetId(), b.policyId(), name(b.type()), b.status().name(),
                b.failureReason(), b.createdAt(), b.finishedAt(), b.upload() == null ? null : b.upload().size(),
                b.parentBackupId(), b.verification() == null ? null : b.verification().status().name());
    }

    static BackupDetail detail(Backup b, List<String> children) {
        var s = b.snapshot();
        var u = b.upload();
        Duration upload = s == null || u == null ? null : Duration.between(s.completedAt(), u.completedAt());
        return new BackupDetail(b.id(), b.targetId(), name(b.targetKind()), b.policyId(), name(b.type()),
                b.status().name(), b.failureReason(), b.workerId(), name(b.compression()), b.createdAt(),
                b.requestedAt(), b.startedAt(), s == null ? null : s.completedAt(),
                u == null ? null : u.completedAt(), b.finishedAt(),
                new Sizes(s == null ? null : s.rawBytes(), s == null ? null : s.storedBytes(),
                        u == null ? null : u.size()),
                new BackupDurations(seconds(b.snapshotDuration()), seconds(upload), seconds(b.totalDuration())),
                new BackupChecksums(s == null ? null : s.sha256(), u == null ? null : u.sha256()),
                new Location(b.storage(), u == null ? null : u.bucket(), u == null ? null : u.key(),
                        u == null ? null : u.manifestKey(), u == null ? null : u.etag()),
                s == null ? null : new ManifestSummary(s.chunkCount(), s.fileCount(), s.rawBytes(), s.warnings()),
                new Chain(b.parentBackupId(), children),
                b.verification() == null ? null : new VerificationView(b.verification().status().name(),
                        b.verification().at(), b.verification().restoreId(), b.verification().reason()),
                b.deletion() == null ? null : new DeletionView(b.deletion().requestedAt(),
                        b.deletion().deletedAt(), b.deletion().failureReason(), b.deletion().failedAt(),
                        b.deletion().deletedKeys()));
    }

    static TargetView target(Target t, @Nullable Backup lastBackup, @Nullable Backup lastSuccess) {
        return new TargetView(t.id(), t.workerId(), name(t.kind()), t.description(), t.announcedAt(),
                lastBackup == null ? null : summary(lastBackup), lastSuccess == null ? null : summary(lastSuccess));
    }

    static RestoreView restore(Restore r) {
        return new RestoreView(r.id(), r.status().name(), r.backupIds(), r.targetId(), r.pointInTime(),
                r.destination(), r.verifyOnly(), r.bytesDone(), r.bytesTotal(), r.files(), r.durationMillis(),
                r.failureReason(), r.failedBackupId(), r.requestedAt(), r.startedAt(), r.finishedAt(),
                r.createdAt(), r.updatedAt());
    }

    static TargetStatsView stats(TargetStats s) {
        return new TargetStatsView(s.targetId(), s.runs(), s.completed(), s.failed(), s.skipped(), s.bytes(),
                s.successRate(), s.lastSuccess());
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    private static Double seconds(Duration duration) {
        return duration == null ? null : duration.toMillis() / 1000.0;
    }
}
