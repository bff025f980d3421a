package io.backstream.catalog.persistence;

import io.backstream.catalog.domain.Restore;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
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
        RestoreRow row = RestoreRow.of(restore);
        if (isNew) {
            restores.save(row);
        } else {
            restores.update(row);
        }
    }

    /** Restores newest first, at most {@code limit}. */
    public List<Restore> restores(int limit) {
        return jdbc.prepareStatement("SELECT " + RestoreRow.COLUMNS
                + " FROM restores ORDER BY created_at DESC, id DESC LIMIT " + limit, ps -> {
                    try (ResultSet rs = ps.executeQuery()) {
                        return jdbc.entityStream(rs, RestoreRow.class).map(RestoreRow::toRestore).toList();
                    }
                });
    }
}
