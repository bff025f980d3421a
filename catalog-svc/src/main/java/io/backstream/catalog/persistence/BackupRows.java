package io.backstream.catalog.persistence;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

/** The {@code backups} table by id; the SQL dialect follows {@code datasources.default.dialect}. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface BackupRows extends CrudRepository<BackupRow, String> {
}
