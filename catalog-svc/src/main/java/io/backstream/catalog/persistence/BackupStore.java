package io.backstream.catalog.persistence;

import io.backstream.catalog.domain.Backup;
import io.backstream.catalog.domain.BackupCursor;
import io.backstream.catalog.domain.BackupQuery;
import io.backstream.catalog.domain.TargetStats;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.backstream.catalog.persistence.Statements.bind;
import static io.backstream.catalog.persistence.Statements.instant;

/**
 * The {@code backups} table. Every method joins the caller's transaction if there is one. Times are stored with
 * microsecond precision.
 */
@Singleton
@Transactional
public class BackupStore {

    private static final String SELECT = "SELECT " + BackupRow.COLUMNS + " FROM backups";

    private final BackupRows backups;
    private final JdbcOperations jdbc;

    BackupStore(BackupRows backups, JdbcOperations jdbc) {
        this.backups = backups;
        this.jdbc = jdbc;
    }

    public Optional<Backup> findBackup(String id) {
        return backups.findById(id).map(BackupRow::toBackup);
    }

    /**
     * The backup, locked until the caller's transaction ends, so the projection and the stuck-backup sweeper
     * never overwrite each other's change.
     */
    public Optional<Backup> findBackupForUpdate(String id) {
        return query(SELECT + " WHERE id = ? FOR UPDATE", List.of(id)).stream().findFirst();
    }

    /** Inserts {@code backup} when {@code isNew}, updates it otherwise. */
    public void saveBackup(Backup backup, boolean isNew) {
        Statements.save(backups, BackupRow.of(backup), isNew);
    }

    /** Up to {@code query.limit()} backups in the query's order. */
    public List<Backup> listBackups(BackupQuery query) {
        StringBuilder sql = new StringBuilder(SELECT + " WHERE 1=1");
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
        TargetScopeSql.append(sql, args, "target_id", query.targetGlobs());
        String direction = query.descending() ? "DESC" : "ASC";
        BackupCursor after = query.after();
        if (after != null) {
            sql.append(query.descending() ? " AND (created_at, id) < (?, ?)" : " AND (created_at, id) > (?, ?)");
            args.add(after.createdAt());
            args.add(after.id());
        }
        sql.append(" ORDER BY created_at ").append(direction).append(", id ").append(direction)
                .append(" LIMIT ").append(query.limit());
        return query(sql.toString(), args);
    }

    /** Ids of the backups whose parent is {@code id}, oldest first. */
    public List<String> childrenOf(String id) {
        return jdbc.prepareStatement("SELECT id FROM backups WHERE parent_backup_id = ? ORDER BY created_at, id",
                ps -> {
                    ps.setString(1, id);
                    return Statements.strings(ps);
                });
    }

    /**
     * The backups of a target that can matter for a restore point at {@code at}: the newest COMPLETED FULL
     * backup at or before it and every COMPLETED INCREMENTAL created between that one and {@code at}.
     */
    public List<Backup> restorePointCandidates(String targetId, Instant at) {
        List<Backup> full = query(SELECT + " WHERE target_id = ?"
                + " AND backup_type = 'FULL' AND status = 'COMPLETED' AND created_at <= ?"
                + " ORDER BY created_at DESC LIMIT 1", List.of(targetId, at));
        if (full.isEmpty()) {
            return List.of();
        }
        List<Backup> all = new ArrayList<>(full);
        all.addAll(query(SELECT + " WHERE target_id = ?"
                        + " AND backup_type = 'INCREMENTAL' AND status = 'COMPLETED' AND created_at >= ?"
                        + " AND created_at <= ? ORDER BY created_at LIMIT 10000",
                List.of(targetId, full.get(0).createdAt(), at)));
        return all;
    }

    /** Backups DELETING whose delete was last requested before {@code deadline}; at most {@code limit}. */
    public List<Backup> unansweredDeletions(Instant deadline, int limit) {
        return query(SELECT + " WHERE status = 'DELETING' AND delete_requested_at < ? ORDER BY delete_requested_at"
                + " LIMIT " + limit, List.of(deadline));
    }

    /**
     * Backups still REQUESTED whose last progress is before {@code claimDeadline}, and backups SNAPSHOTTING or
     * UPLOADING whose last progress is before {@code progressDeadline}; at most {@code limit}.
     */
    public List<Backup> stuck(Instant claimDeadline, Instant progressDeadline, int limit) {
        List<Backup> result = new ArrayList<>(query(SELECT
                + " WHERE status = 'REQUESTED' AND last_progress_at < ? ORDER BY last_progress_at LIMIT " + limit,
                List.of(claimDeadline)));
        result.addAll(query(SELECT
                        + " WHERE status IN ('SNAPSHOTTING', 'UPLOADING') AND last_progress_at < ?"
                        + " ORDER BY last_progress_at LIMIT " + limit,
                List.of(progressDeadline)));
        return result;
    }

    /** The newest backup of a target. */
    public Optional<Backup> lastBackup(String targetId) {
        return query(SELECT + " WHERE target_id = ? ORDER BY created_at DESC, id DESC LIMIT 1", List.of(targetId))
                .stream().findFirst();
    }

    /** The most recently finished COMPLETED backup of a target. */
    public Optional<Backup> lastSuccess(String targetId) {
        return query(SELECT + " WHERE target_id = ?"
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

    /** Every backup of a policy, whatever its state. */
    public List<Backup> backupsOfPolicy(String policyId) {
        return query(SELECT + " WHERE policy_id = ? ORDER BY created_at, id", List.of(policyId));
    }

    private List<Backup> query(String sql, List<Object> args) {
        return Statements.rows(jdbc, sql, args, BackupRow.class).stream().map(BackupRow::toBackup).toList();
    }
}
