package io.backstream.catalog.persistence;

import io.backstream.catalog.domain.Backup;
import io.backstream.catalog.domain.BackupCursor;
import io.backstream.catalog.domain.BackupQuery;
import io.backstream.catalog.domain.BackupStatus;
import io.backstream.catalog.domain.Deletion;
import io.backstream.catalog.domain.Restore;
import io.backstream.catalog.domain.RestoreStatus;
import io.backstream.catalog.domain.RetentionRules;
import io.backstream.catalog.domain.SnapshotResult;
import io.backstream.catalog.domain.Target;
import io.backstream.catalog.domain.TargetStats;
import io.backstream.catalog.domain.UploadResult;
import io.backstream.catalog.domain.Verification;
import io.backstream.schema.BackupType;
import io.backstream.schema.Compression;
import io.backstream.schema.TargetKind;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The catalog's tables. Callers own transactions: every method joins the caller's transaction if there is one.
 * Times are stored with microsecond precision.
 */
@Singleton
@Transactional
public class CatalogStore {

    private static final String BACKUP_COLUMNS = "*";

    private final BackupRows backups;
    private final TargetRows targets;
    private final RestoreRows restores;
    private final JdbcOperations jdbc;

    CatalogStore(BackupRows backups, TargetRows targets, RestoreRows restores, JdbcOperations jdbc) {
        this.backups = backups;
        this.targets = targets;
        this.restores = restores;
        this.jdbc = jdbc;
    }

    public Optional<Backup> findBackup(String id) {
        return backups.findById(id).map(CatalogStore::toBackup);
    }

    /**
     * The backup, locked until the caller's transaction ends, so the projection and the stuck-backup sweeper
     * never overwrite each other's change.
     */
    public Optional<Backup> findBackupForUpdate(String id) {
        return queryBackups("SELECT " + BACKUP_COLUMNS + " FROM backups WHERE id = ? FOR UPDATE", List.of(id))
                .stream().findFirst();
    }

    /** Inserts {@code backup} when {@code isNew}, updates it otherwise. */
    public void saveBackup(Backup backup, boolean isNew) {
        BackupRow row = toRow(backup);
        if (isNew) {
            backups.save(row);
        } else {
            backups.update(row);
        }
    }

    /** Up to {@code query.limit()} backups in the query's order. */
    public List<Backup> listBackups(BackupQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + BACKUP_COLUMNS + " FROM backups WHERE 1=1");
        List<Object> args = new ArrayList<>();
        if (query.targetId() != null) {
            sql.append(" AND target_id = ?");
            args.add(query.targetId());
        }
        if (query.policyId() != null) {
            sql.append(" AND policy_id = ?");
            args.add(query.policyId());
        }
        if (query.status() != null) {
            sql.append(" AND status = ?");
            args.add(query.status().name());
        }
        if (query.type() != null) {
            sql.append(" AND backup_type = ?");
            args.add(query.type().name());
        }
        if (query.from() != null) {
            sql.append(" AND created_at >= ?");
            args.add(query.from());
        }
        if (query.to() != null) {
            sql.append(" AND created_at < ?");
            args.add(query.to());
        }
        String direction = query.descending() ? "DESC" : "ASC";
        BackupCursor after = query.after();
        if (after != null) {
            sql.append(query.descending() ? " AND (created_at, id) < (?, ?)" : " AND (created_at, id) > (?, ?)");
            args.add(after.createdAt());
            args.add(after.id());
        }
        sql.append(" ORDER BY created_at ").append(direction).append(", id ").append(direction)
                .append(" LIMIT ").append(query.limit());
        return queryBackups(sql.toString(), args);
    }

    /** Ids of the backups whose parent is {@code id}, oldest first. */
    public List<String> childrenOf(String id) {
        return jdbc.prepareStatement("SELECT id FROM backups WHERE parent_backup_id = ? ORDER BY created_at, id",
                ps -> {
                    ps.setString(1, id);
                    List<String> ids = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getString(1));
                        }
                    }
                    return ids;
                });
    }

    /**
     * The backups of a target that can matter for a restore point at {@code at}: the newest COMPLETED FULL
     * backup at or before it and every COMPLETED INCREMENTAL created between that one and {@code at}.
     */
    public List<Backup> restorePointCandidates(String targetId, Instant at) {
        List<Backup> full = queryBackups("SELECT " + BACKUP_COLUMNS + " FROM backups WHERE target_id = ?"
                + " AND backup_type = 'FULL' AND status = 'COMPLETED' AND created_at <= ?"
                + " ORDER BY created_at DESC LIMIT 1", List.of(targetId, at));
        if (full.isEmpty()) {
            return List.of();
        }
        List<Backup> all = new ArrayList<>(full);
        all.addAll(queryBackups("SELECT " + BACKUP_COLUMNS + " FROM backups WHERE target_id = ?"
                        + " AND backup_type = 'INCREMENTAL' AND status = 'COMPLETED' AND created_at >= ?"
                        + " AND created_at <= ? ORDER BY created_at LIMIT 10000",
                List.of(targetId, full.get(0).createdAt(), at)));
        return all;
    }

    /**
     * Backups still REQUESTED whose last progress is before {@code claimDeadline}, and backups SNAPSHOTTING or
     * UPLOADING whose last progress is before {@code progressDeadline}; at most {@code limit}.
     */
    public List<Backup> stuck(Instant claimDeadline, Instant progressDeadline, int limit) {
        List<Backup> result = new ArrayList<>(queryBackups("SELECT " + BACKUP_COLUMNS + " FROM backups"
                + " WHERE status = 'REQUESTED' AND last_progress_at < ? ORDER BY last_progress_at LIMIT " + limit,
                List.of(claimDeadline)));
        result.addAll(queryBackups("SELECT " + BACKUP_COLUMNS + " FROM backups"
                        + " WHERE status IN ('SNAPSHOTTING', 'UPLOADING') AND last_progress_at < ?"
                        + " ORDER BY last_progress_at LIMIT " + limit,
                List.of(progressDeadline)));
        return result;
    }

    /** The newest backup of a target. */
    public Optional<Backup> lastBackup(String targetId) {
        return queryBackups("SELECT " + BACKUP_COLUMNS + " FROM backups WHERE target_id = ?"
                + " ORDER BY created_at DESC, id DESC LIMIT 1", List.of(targetId)).stream().findFirst();
    }

    /** The most recently finished COMPLETED backup of a target. */
    public Optional<Backup> lastSuccess(String targetId) {
        return queryBackups("SELECT " + BACKUP_COLUMNS + " FROM backups WHERE target_id = ?"
                + " AND status = 'COMPLETED' AND finished_at IS NOT NULL ORDER BY finished_at DESC LIMIT 1",
                List.of(targetId)).stream().findFirst();
    }

    /** Per target, when its newest COMPLETED backup finished. */
    public Map<String, Instant> lastSuccessPerTarget() {
        return jdbc.prepareStatement("SELECT target_id, MAX(finished_at) FROM backups WHERE status = 'COMPLETED'"
                + " AND target_id IS NOT NULL AND finished_at IS NOT NULL GROUP BY target_id", ps -> {
                    Map<String, Instant> last = new HashMap<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            last.put(rs.getString(1), instant(rs.getObject(2, OffsetDateTime.class)));
                        }
                    }
                    return last;
                });
    }

    /** Per target, the runs created at or after {@code since}. */
    public List<TargetStats> stats(Instant since) {
        String sql = "SELECT target_id, COUNT(*),"
                + " SUM(CASE WHEN status IN ('COMPLETED', 'DELETING', 'DELETED') AND finished_at IS NOT NULL"
                + " THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN status = 'FAILED' THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN status = 'SKIPPED' THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN status IN ('COMPLETED', 'DELETING', 'DELETED') THEN COALESCE(upload_size, 0)"
                + " ELSE 0 END),"
                + " MAX(CASE WHEN status IN ('COMPLETED', 'DELETING', 'DELETED') THEN finished_at END)"
                + " FROM backups WHERE created_at >= ? AND target_id IS NOT NULL GROUP BY target_id ORDER BY target_id";
        return jdbc.prepareStatement(sql, ps -> {
            bind(ps, List.of(since));
            List<TargetStats> stats = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long completed = rs.getLong(3);
                    long failed = rs.getLong(4);
                    Double rate = completed + failed == 0 ? null : (double) completed / (completed + failed);
                    stats.add(new TargetStats(rs.getString(1), rs.getLong(2), completed, failed, rs.getLong(5),
                            rs.getLong(6), rate, instant(rs.getObject(7, OffsetDateTime.class))));
                }
            }
            return stats;
        });
    }

    public Optional<Target> findTarget(String id) {
        return targets.findById(id).map(CatalogStore::toTarget);
    }

    /** Every announced target, by id. */
    public List<Target> targets() {
        List<Target> all = new ArrayList<>();
        targets.findAll().forEach(row -> all.add(toTarget(row)));
        all.sort((a, b) -> a.id().compareTo(b.id()));
        return all;
    }

    /** Stores the announcement unless a newer one is already stored. */
    public void saveTarget(Target target) {
        Optional<TargetRow> existing = targets.findById(target.id());
        TargetRow row = new TargetRow(target.id(), target.workerId(),
                target.kind() == null ? null : target.kind().name(), target.description(),
                micros(target.announcedAt()));
        if (existing.isEmpty()) {
            targets.save(row);
        } else if (!row.announcedAt().isBefore(existing.get().announcedAt())) {
            targets.update(row);
        }
    }

    public Optional<Restore> findRestore(String id) {
        return restores.findById(id).map(CatalogStore::toRestore);
    }

    public void saveRestore(Restore restore, boolean isNew) {
        RestoreRow row = new RestoreRow(restore.id(), restore.status().name(),
                restore.backupIds().isEmpty() ? null : String.join(",", restore.backupIds()), restore.targetId(),
                micros(restore.pointInTime()), restore.destination(), restore.verifyOnly(), restore.bytesDone(),
                restore.bytesTotal(), restore.files(), restore.durationMillis(), restore.failureReason(),
                restore.failedBackupId(), micros(restore.requestedAt()), micros(restore.startedAt()),
                micros(restore.finishedAt()), micros(restore.createdAt()), micros(restore.updatedAt()));
        if (isNew) {
            restores.save(row);
        } else {
            restores.update(row);
        }
    }

    /** Restores newest first, at most {@code limit}. */
    public List<Restore> restores(int limit) {
        return jdbc.prepareStatement("SELECT * FROM restores ORDER BY created_at DESC, id DESC LIMIT " + limit,
                ps -> {
                    try (ResultSet rs = ps.executeQuery()) {
                        return jdbc.entityStream(rs, RestoreRow.class).map(CatalogStore::toRestore).toList();
                    }
                });
    }

    /** Stores (or replaces) a policy's retention rules. */
    public void savePolicy(RetentionRules rules, Instant at) {
        deletePolicy(rules.policyId());
        jdbc.prepareStatement("INSERT INTO policies (id, time_zone, keep_last, keep_daily, keep_weekly, keep_monthly,"
                + " keep_yearly, max_age, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
                    ps.setString(1, rules.policyId());
                    ps.setString(2, rules.zone().getId());
                    setInteger(ps, 3, rules.keepLast());
                    setInteger(ps, 4, rules.keepDaily());
                    setInteger(ps, 5, rules.keepWeekly());
                    setInteger(ps, 6, rules.keepMonthly());
                    setInteger(ps, 7, rules.keepYearly());
                    ps.setString(8, rules.maxAge());
                    ps.setObject(9, OffsetDateTime.ofInstant(micros(at), ZoneOffset.UTC));
                    return ps.executeUpdate();
                });
    }

    /** Forgets a policy (its tombstone arrived); backups keep their policy id. */
    public void deletePolicy(String id) {
        jdbc.prepareStatement("DELETE FROM policies WHERE id = ?", ps -> {
            ps.setString(1, id);
            return ps.executeUpdate();
        });
    }

    /** A policy's retention rules, if the policy is known. */
    public Optional<RetentionRules> findPolicy(String id) {
        return jdbc.prepareStatement("SELECT id, time_zone, keep_last, keep_daily, keep_weekly, keep_monthly,"
                + " keep_yearly, max_age FROM policies WHERE id = ?", ps -> {
                    ps.setString(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? Optional.of(RetentionRules.of(rs.getString(1), rs.getString(2),
                                integer(rs, 3), integer(rs, 4), integer(rs, 5), integer(rs, 6), integer(rs, 7),
                                rs.getString(8))) : Optional.empty();
                    }
                });
    }

    /** Ids of every known policy, sorted. */
    public List<String> policyIds() {
        return jdbc.prepareStatement("SELECT id FROM policies ORDER BY id", ps -> {
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        });
    }

    /** Every backup of a policy, whatever its state. */
    public List<Backup> backupsOfPolicy(String policyId) {
        return queryBackups("SELECT " + BACKUP_COLUMNS + " FROM backups WHERE policy_id = ? ORDER BY created_at, id",
                List.of(policyId));
    }

    /** Whether {@code consumer} already applied event {@code eventId}. */
    public boolean isProcessed(String consumer, String eventId) {
        return jdbc.prepareStatement("SELECT 1 FROM processed_events WHERE consumer = ? AND event_id = ?", ps -> {
            ps.setString(1, consumer);
            ps.setString(2, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
    }

    /** Records that {@code consumer} applied {@code eventId}; a no-op when already recorded. */
    public void markProcessed(String consumer, String eventId, Instant at) {
        if (isProcessed(consumer, eventId)) {
            return;
        }
        jdbc.prepareStatement("INSERT INTO processed_events (consumer, event_id, processed_at) VALUES (?, ?, ?)",
                ps -> {
                    bind(ps, List.of(consumer, eventId, at));
                    return ps.executeUpdate();
                });
    }

    /** Forgets processed event ids recorded before {@code before}; returns how many. */
    public int pruneProcessed(Instant before) {
        return jdbc.prepareStatement("DELETE FROM processed_events WHERE processed_at < ?", ps -> {
            bind(ps, List.of(before));
            return ps.executeUpdate();
        });
    }

    private List<Backup> queryBackups(String sql, List<Object> args) {
        return jdbc.prepareStatement(sql, ps -> {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                return jdbc.entityStream(rs, BackupRow.class).map(CatalogStore::toBackup).toList();
            }
        });
    }

    private static void setInteger(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }

    private static Integer integer(ResultSet rs, int index) throws SQLException {
        int value = rs.getInt(index);
        return rs.wasNull() ? null : value;
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object arg = args.get(i);
            if (arg instanceof Instant instant) {
                ps.setObject(i + 1, OffsetDateTime.ofInstant(micros(instant), ZoneOffset.UTC));
            } else {
                ps.setObject(i + 1, arg);
            }
        }
    }

    static BackupRow toRow(Backup b) {
        SnapshotResult s = b.snapshot();
        UploadResult u = b.upload();
        Verification v = b.verification();
        Deletion d = b.deletion();
        return new BackupRow(b.id(), b.targetId(), name(b.targetKind()), b.policyId(), name(b.type()),
                b.parentBackupId(), b.storage(), name(b.compression()), b.encryptionKeyId(), b.workerId(),
                b.status().name(), b.failureReason(), micros(b.createdAt()), micros(b.requestedAt()),
                micros(b.startedAt()), micros(b.finishedAt()), micros(b.lastProgressAt()),
                s == null ? null : micros(s.completedAt()), s == null ? null : s.chunkCount(),
                s == null ? null : s.rawBytes(), s == null ? null : s.storedBytes(), s == null ? null : s.sha256(),
                s == null ? null : s.fileCount(), s == null || s.warnings().isEmpty() ? null
                        : String.join("\n", s.warnings()),
                u == null ? null : micros(u.completedAt()), u == null ? null : u.bucket(),
                u == null ? null : u.key(), u == null ? null : u.manifestKey(), u == null ? null : u.size(),
                u == null ? null : u.sha256(), u == null ? null : u.chunkCount(), u == null ? null : u.etag(),
                v == null ? null : v.status().name(), v == null ? null : micros(v.at()),
                v == null ? null : v.restoreId(), v == null ? null : v.reason(),
                d == null ? null : micros(d.requestedAt()), d == null ? null : micros(d.deletedAt()),
                d == null ? null : d.failureReason(), d == null ? null : micros(d.failedAt()),
                u == null ? null : micros(u.retainUntil()));
    }

    static Backup toBackup(BackupRow r) {
        SnapshotResult snapshot = r.snapshotCompletedAt() == null ? null : new SnapshotResult(
                zero(r.chunkCount()), zero(r.rawBytes()), zero(r.storedBytes()), r.snapshotSha256(),
                zero(r.fileCount()), r.warnings() == null ? List.of() : Arrays.asList(r.warnings().split("\n")),
                r.snapshotCompletedAt());
        UploadResult upload = r.uploadCompletedAt() == null ? null : new UploadResult(r.bucket(), r.objectKey(),
                r.manifestKey(), zero(r.uploadSize()), r.uploadSha256(), r.etag(), zero(r.uploadChunkCount()),
                r.uploadCompletedAt(), r.retainUntil());
        Verification verification = r.verificationStatus() == null ? null : new Verification(
                Verification.Status.valueOf(r.verificationStatus()), r.verifiedAt(), r.verificationRestoreId(),
                r.verificationReason());
        Deletion deletion = r.deleteRequestedAt() == null && r.deletedAt() == null && r.deleteFailedAt() == null
                ? null : new Deletion(r.deleteRequestedAt(), r.deletedAt(), r.deleteFailureReason(),
                r.deleteFailedAt());
        return new Backup(r.id(), r.targetId(),
                r.targetKind() == null ? null : TargetKind.valueOf(r.targetKind()), r.policyId(),
                r.backupType() == null ? null : BackupType.valueOf(r.backupType()), r.parentBackupId(),
                r.storage(), r.compression() == null ? null : Compression.valueOf(r.compression()),
                r.encryptionKeyId(), r.workerId(), BackupStatus.valueOf(r.status()), r.failureReason(),
                r.createdAt(), r.requestedAt(), r.startedAt(), r.finishedAt(), r.lastProgressAt(), snapshot, upload,
                verification, deletion);
    }

    private static Target toTarget(TargetRow r) {
        return new Target(r.id(), r.workerId(), r.kind() == null ? null : TargetKind.valueOf(r.kind()),
                r.description(), r.announcedAt());
    }

    private static Restore toRestore(RestoreRow r) {
        return new Restore(r.id(), RestoreStatus.valueOf(r.status()),
                r.backupIds() == null ? List.of() : Arrays.asList(r.backupIds().split(",")), r.targetId(),
                r.pointInTime(), r.destination(), r.verifyOnly(), r.bytesDone(), r.bytesTotal(), r.files(),
                r.durationMillis(), r.failureReason(), r.failedBackupId(), r.requestedAt(), r.startedAt(),
                r.finishedAt(), r.createdAt(), r.updatedAt());
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    private static long zero(Long value) {
        return value == null ? 0 : value;
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }

    static Instant micros(Instant value) {
        return value == null ? null : value.truncatedTo(ChronoUnit.MICROS);
    }
}
