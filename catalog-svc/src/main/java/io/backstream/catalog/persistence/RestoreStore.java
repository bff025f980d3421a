package io.backstream.catalog.persistence;

import io.backstream.catalog.domain.Restore;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Optional;

/** The {@code restores} table. Joins the caller's transaction; times are stored with microsecond precision. */
@Singleton
@Transactional
public class RestoreStore {

    private final RestoreRows restores;
    private final JdbcOperations jdbc;

    RestoreStore(RestoreRows restores, JdbcOperations jdbc) {
        this.restores = restores;
        this.jdbc = jdbc;
    }

    public Optional<Restore> findRestore(String id) {
        return restores.findById(id).map(RestoreRow::toRestore);
    }

    /** Inserts {@code restore} when {@code isNew}, updates it otherwise. */
    public void saveRestore(Restore restore, boolean isNew) {
        Statements.save(restores, RestoreRow.of(restore), isNew);
    }

    /** Restores newest first, at most {@code limit}. */
    public List<Restore> restores(int limit) {
        String sql = "SELECT " + RestoreRow.COLUMNS + " FROM restores ORDER BY created_at DESC, id DESC LIMIT " + limit;
        return Statements.rows(jdbc, sql, List.of(), RestoreRow.class).stream().map(RestoreRow::toRestore).toList();
    }
}
