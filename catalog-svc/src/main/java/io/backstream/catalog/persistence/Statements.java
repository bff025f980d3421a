package io.backstream.catalog.persistence;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.data.repository.CrudRepository;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * How the stores bind parameters and read plain columns. Times go in as UTC {@link OffsetDateTime} truncated to
 * microseconds, the precision both PostgreSQL and H2 keep, so a stored time reads back equal.
 */
final class Statements {

    private Statements() {
    }

    /** Binds {@code args} to the statement's parameters in order; an {@link Instant} becomes a UTC time. */
    static void bind(PreparedStatement ps, List<?> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object arg = args.get(i);
            ps.setObject(i + 1, arg instanceof Instant instant ? timestamp(instant) : arg);
        }
    }

    /** Inserts {@code row} when {@code isNew}, updates the row with its id otherwise. */
    static <R> void save(CrudRepository<R, String> table, R row, boolean isNew) {
        if (isNew) {
            table.save(row);
        } else {
            table.update(row);
        }
    }

    /** The rows {@code sql} selects with {@code args} bound, mapped by column name onto {@code type}. */
    static <R> List<R> rows(JdbcOperations jdbc, String sql, List<?> args, Class<R> type) {
        return jdbc.prepareStatement(sql, ps -> {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                return jdbc.entityStream(rs, type).toList();
            }
        });
    }

    /** The first column of every row, as strings. */
    static List<String> strings(PreparedStatement ps) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    static OffsetDateTime timestamp(Instant value) {
        return OffsetDateTime.ofInstant(micros(value), ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }

    static Instant micros(Instant value) {
        return value == null ? null : value.truncatedTo(ChronoUnit.MICROS);
    }
}
