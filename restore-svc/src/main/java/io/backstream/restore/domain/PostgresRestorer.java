package io.backstream.restore.domain;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Restores a {@code pg_dump -Fc} file into a database with {@code pg_restore} (one transaction, stop at the
 * first error), creating the database when missing and refusing a non-empty one unless told to overwrite. The
 * password goes to {@code pg_restore} through its environment and is never logged.
 */
public final class PostgresRestorer {

    /** Connection settings; {@code binDir} empty or null means {@code pg_restore} from the PATH. */
    public record Connection(String host, int port, String username, String password, String maintenanceDatabase,
                             String binDir) {
        @Override
        public String toString() {
            return "Connection[host=" + host + ", port=" + port + ", username=" + username + ", password=****]";
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(PostgresRestorer.class);
    /** Bytes of pg_restore's output kept for the failure reason. */
    private static final int OUTPUT_KEPT = 8 * 1024;
    private static final Pattern DATABASE = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,62}");

    private final Connection connection;

    public PostgresRestorer(Connection connection) {
        this.connection = connection;
    }

    /**
     * Restores {@code dump} into {@code database}.
     *
     * @throws RestoreFailure {@code destination-exists} for a non-empty database without overwrite,
     *                        {@code postgres-error} when connecting or pg_restore fails
     */
    public void restore(Path dump, String database, boolean overwrite) {
        if (database == null || !DATABASE.matcher(database).matches()) {
            throw new RestoreFailure("invalid-request", "database name '" + database + "' is not a plain identifier");
        }
        boolean created = false;
        try {
            if (!exists(database)) {
                try (java.sql.Connection c = connect(connection.maintenanceDatabase()); Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE \"" + database + "\"");
                }
                created = true;
            } else if (!overwrite && tableCount(database) > 0) {
                throw new RestoreFailure("destination-exists", "database " + database
                        + " is not empty; set overwrite to replace its objects");
            }
        } catch (SQLException e) {
            throw new RestoreFailure("postgres-error", "preparing database " + database + ": " + e.getMessage(), e);
        }
        List<String> command = new ArrayList<>(List.of(binary("pg_restore"), "--host", connection.host(),
                "--port", Integer.toString(connection.port()), "--username", connection.username(),
                "--dbname", database, "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error"));
        if (overwrite && !created) {
            command.addAll(List.of("--clean", "--if-exists"));
        }
        command.add(dump.toString());
        try {
            run(command);
        } catch (RestoreFailure e) {
            if (created) {
                dropQuietly(database);
            }
            throw e;
        }
    }

    /** Runs {@code pg_restore --list} on {@code dump}: proves the dump file is readable and complete. */
    public void list(Path dump) {
        run(List.of(binary("pg_restore"), "--list", dump.toString()));
    }

    private void run(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (connection.password() != null) {
            builder.environment().put("PGPASSWORD", connection.password());
        }
        builder.environment().put("PGCONNECT_TIMEOUT", "30");
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] output = head(process.getInputStream());
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new RestoreFailure("postgres-error", command.get(0) + " did not finish within 10 minutes");
            }
            if (process.exitValue() != 0) {
                String text = new String(output, StandardCharsets.UTF_8).strip();
                throw new RestoreFailure("postgres-error", "pg_restore exited with " + process.exitValue() + ": "
                        + (text.length() > 2000 ? text.substring(0, 2000) : text));
            }
        } catch (IOException e) {
            throw new RestoreFailure("postgres-error", "cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestoreFailure("postgres-error", "interrupted while running pg_restore", e);
        }
    }

    /** Reads {@code in} to its end and keeps its first bytes only: pg_restore may print a line per object. */
    private static byte[] head(InputStream in) throws IOException {
        byte[] kept = new byte[OUTPUT_KEPT];
        int n = in.readNBytes(kept, 0, kept.length);
        in.transferTo(OutputStream.nullOutputStream());
        return Arrays.copyOf(kept, n);
    }

    private boolean exists(String database) throws SQLException {
        try (java.sql.Connection c = connect(connection.maintenanceDatabase());
             PreparedStatement s = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            s.setString(1, database);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    private long tableCount(String database) throws SQLException {
        try (java.sql.Connection c = connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                     + " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'"
                     + " AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void dropQuietly(String database) {
        try (java.sql.Connection c = connect(connection.maintenanceDatabase()); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS \"" + database + "\"");
        } catch (SQLException e) {
            LOG.warn("Could not drop database {} after a failed restore: {}", database, e.getMessage());
        }
    }

    private java.sql.Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", connection.username());
        if (connection.password() != null) {
            properties.setProperty("password", connection.password());
        }
        return DriverManager.getConnection("jdbc:postgresql://" + connection.host() + ":" + connection.port() + "/"
                + database, properties);
    }

    private String binary(String name) {
        return connection.binDir() == null || connection.binDir().isBlank() ? name
                : Path.of(connection.binDir(), name).toString();
    }
}
