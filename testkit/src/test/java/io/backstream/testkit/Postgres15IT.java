package io.backstream.testkit;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Postgres15IT {

    @Test
    void passwordConnectionsPsqlAndPgDumpReachAVersion15Server() throws Exception {
        Path dump = Files.createTempFile("pg15", ".dump");
        try (Postgres15 server = Postgres15.start()) {
            try (Connection connection = server.dataSource("postgres").getConnection();
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT current_setting('server_version_num')::int")) {
                assertTrue(rows.next());
                assertEquals(15, rows.getInt(1) / 10000);
            }
            server.psql("postgres", "CREATE TABLE greeting (message text); INSERT INTO greeting VALUES ('hi')");
            try (Connection connection = DriverManager.getConnection(server.jdbcUrl("postgres"), Postgres15.USER,
                    Postgres15.PASSWORD);
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT message FROM greeting")) {
                assertTrue(rows.next());
                assertEquals("hi", rows.getString(1));
            }
            assertEquals("hi", server.psql("postgres", "SELECT message FROM greeting").strip());
            server.dump("postgres", dump);
            assertTrue(Files.size(dump) > 0, "pg_dump wrote a custom-format dump");
        } finally {
            Files.deleteIfExists(dump);
        }
    }
}
