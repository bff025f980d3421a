package io.backstream.testkit;

import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PostgreSQL 15 server from the Debian packages in {@code /usr/lib/postgresql/15/bin}, with
 * scram-sha-256 password authentication ({@link #USER}/{@link #PASSWORD}) on 127.0.0.1 and a free port. Tests that
 * run {@code pg_dump}/{@code pg_restore} need it: the machine's client tools are version 15 and refuse the
 * {@link Postgres} kit's PostgreSQL 17, whose embedded binaries ship no dump tools. {@code initdb} refuses root, so
 * the server runs as the {@code postgres} user. {@link #start} fails with an install hint when the binaries are
 * missing; it never skips.
 */
public final class Postgres15 implements AutoCloseable {

    /** Where the server and client binaries live. */
    public static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    public static final String USER = "postgres";
    public static final String PASSWORD = "s3cret-Pa55word";

    private static final Path RUNUSER = Path.of("/usr/sbin/runuser");

    private final Path dir;
    private final int port;
    private final boolean ownsDir;

    private Postgres15(Path dir, int port, boolean ownsDir) {
        this.dir = dir;
        this.port = port;
        this.ownsDir = ownsDir;
    }

    /** Whether this machine has the PostgreSQL 15 binaries and {@code runuser}. */
    public static boolean available() {
        return Files.isExecutable(BIN.resolve("initdb")) && Files.isExecutable(RUNUSER);
    }

    /** Starts a server in a new temporary directory, deleted again by {@link #close()}. */
    public static Postgres15 start() throws IOException, InterruptedException {
        return start(Files.createTempDirectory("bs-pg15-"), true);
    }

    /** Starts a server in {@code dir} (created and handed to the postgres user; left in place by {@link #close()}). */
    public static Postgres15 start(Path dir) throws IOException, InterruptedException {
        return start(dir, false);
    }

    private static Postgres15 start(Path dir, boolean ownsDir) throws IOException, InterruptedException {
        if (!available()) {
            throw new IllegalStateException("PostgreSQL 15 binaries are missing in " + BIN
                    + ": apt-get install -y postgresql-15 (CI installs them through .ci/run)");
        }
        Files.createDirectories(dir);
        Path data = dir.resolve("data");
        Files.writeString(dir.resolve("pwfile"), PASSWORD + "\n");
        exec(List.of("chown", "-R", "postgres:postgres", dir.toString()));
        asPostgres(List.of(BIN.resolve("initdb").toString(), "-D", data.toString(), "-U", USER,
                "--auth=scram-sha-256", "--pwfile=" + dir.resolve("pwfile"), "-E", "UTF8", "--no-sync"));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        asPostgres(List.of(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                dir.resolve("server.log").toString(), "-w", "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"));
        return new Postgres15(dir, port, ownsDir);
    }

    public int port() {
        return port;
    }

    /** The directory of {@code pg_dump}, {@code pg_restore}, {@code psql} and the server binaries. */
    public Path binDir() {
        return BIN;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** A data source for {@code database} as {@link #USER} with {@link #PASSWORD}. */
    public DataSource dataSource(String database) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {"127.0.0.1"});
        dataSource.setPortNumbers(new int[] {port});
        dataSource.setDatabaseName(database);
        dataSource.setUser(USER);
        dataSource.setPassword(PASSWORD);
        return dataSource;
    }

    /** Runs SQL with psql against {@code database} and returns its unaligned, tuples-only output. */
    public String psql(String database, String sql) throws IOException, InterruptedException {
        return client(List.of(BIN.resolve("psql").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port), "-U",
                USER, "-d", database, "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql));
    }

    /** {@code pg_dump -Fc} of {@code database} into {@code file}. */
    public void dump(String database, Path file) throws IOException, InterruptedException {
        client(List.of(BIN.resolve("pg_dump").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port), "-U",
                USER, "-Fc", "-f", file.toString(), database));
    }

    /** Stops the server; deletes its directory when {@link #start()} created it. */
    @Override
    public void close() throws IOException, InterruptedException {
        asPostgres(List.of(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast",
                "-w", "stop"));
        if (ownsDir) {
            exec(List.of("rm", "-rf", dir.toString()));
        }
    }

    private String client(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        // the password goes through the environment, never the command line
        builder.environment().put("PGPASSWORD", PASSWORD);
        return run(builder);
    }

    private static void asPostgres(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of(RUNUSER.toString(), "-u", "postgres", "--"));
        full.addAll(command);
        exec(full);
    }

    private static String exec(List<String> command) throws IOException, InterruptedException {
        return run(new ProcessBuilder(command));
    }

    private static String run(ProcessBuilder builder) throws IOException, InterruptedException {
        Process process = builder.redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(builder.command().get(0) + " failed: " + output);
        }
        return output;
    }
}
