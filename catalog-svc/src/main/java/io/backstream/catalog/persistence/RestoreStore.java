package io.backstream.catalog.persistence;

import io.backstream.catalog.domain.Restore;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.util.ArrayList;
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

    /** Restores newest first, at most {@code limit}, of the targets {@code targetGlobs} match (empty: all). */
    public List<Restore> restores(int limit, List<String> targetGlobs) {
        StringBuilder sql = new StringBuilder("SELECT " + RestoreRow.COLUMNS + " FROM restores WHERE 1=1");
        List<Object> args = new ArrayList<>();
        TargetScopeSql.append(sql, args, "target_id", targetGlobs);
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ").append(limit);
        return Statements.rows(jdbc, sql.toString(), args, RestoreRow.class).stream().map(RestoreRow::toRestore)
                .toList();
    }
}
