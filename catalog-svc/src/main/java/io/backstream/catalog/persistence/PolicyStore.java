package io.backstream.catalog.persistence;

import io.backstream.catalog.domain.RetentionRules;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code policies} table: each policy's retention rules. Joins the caller's transaction. */
@Singleton
@Transactional
public class PolicyStore {

    private static final String COLUMNS = "id, time_zone, keep_last, keep_daily, keep_weekly, keep_monthly,"
            + " keep_yearly, max_age";

    private final JdbcOperations jdbc;

    PolicyStore(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores (or replaces) a policy's retention rules. */
    public void savePolicy(RetentionRules rules, Instant at) {
        deletePolicy(rules.policyId());
        jdbc.prepareStatement("INSERT INTO policies (" + COLUMNS + ", updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ps -> {
                    ps.setString(1, rules.policyId());
                    ps.setString(2, rules.zone().getId());
                    setInteger(ps, 3, rules.keepLast());
                    setInteger(ps, 4, rules.keepDaily());
                    setInteger(ps, 5, rules.keepWeekly());
                    setInteger(ps, 6, rules.keepMonthly());
                    setInteger(ps, 7, rules.keepYearly());
                    ps.setString(8, rules.maxAge());
                    ps.setObject(9, Statements.timestamp(at));
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
        return jdbc.prepareStatement("SELECT " + COLUMNS + " FROM policies WHERE id = ?", ps -> {
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
        return jdbc.prepareStatement("SELECT id FROM policies ORDER BY id", Statements::strings);
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
}
