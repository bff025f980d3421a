package io.backstream.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(BackstreamInfrastructure.class)
class PostgresIT {

    @Test
    void flywayMigrationInAUniqueDatabaseIsQueryable(Postgres postgres) throws SQLException {
        String database = postgres.createUniqueDatabase("testkit");
        Flyway.configure()
                .dataSource(postgres.jdbcUrl(database), postgres.username(), postgres.password())
                .locations("classpath:db/smoke")
                .load()
                .migrate();

        try (Connection connection = postgres.dataSource(database).getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id, message, version() FROM greeting")) {
            assertTrue(rows.next());
            assertEquals(1, rows.getLong(1));
            assertEquals("hello from flyway", rows.getString(2));
            assertTrue(rows.getString(3).startsWith("PostgreSQL 17."), rows.getString(3));
        }
    }

    @Test
    void rowsSurviveANewStartOnTheSameDataDir(@TempDir Path dataDir) throws SQLException {
        String database;
        try (Postgres first = Postgres.start(dataDir, 0)) {
            database = first.createUniqueDatabase("testkit-reuse");
            try (Connection connection = first.dataSource(database).getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE kept (v TEXT)");
                statement.execute("INSERT INTO kept VALUES ('still here')");
            }
        }
        try (Postgres second = Postgres.start(dataDir, 0);
             Connection connection = second.dataSource(database).getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT v FROM kept")) {
            assertTrue(rows.next());
            assertEquals("still here", rows.getString(1));
        }
    }
}
