package io.backstream.worker.support;

import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A PostgreSQL 15 server from the Debian packages in /usr/lib/postgresql/15/bin, with password
 * authentication, in a temporary directory on a free port. The test kit's embedded server is
 * PostgreSQL 17, which the machine's pg_dump 15 refuses to dump, and the embedded binaries ship
 * no pg_dump. initdb refuses to run as root, so the server runs as the {@code postgres} user.
 */
public final class Postgres15 implements AutoCloseable {

    public static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    public static final String USER = "postgres";
    public static final String PASSWORD = "s3cret-Pa55word";

    private final Path dir;
    private final int port;

    private Postgres15(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Initialises and starts a server in {@code dir} (created, handed to the postgres user). */
    public static Postgres15 start(Path dir) throws IOException, InterruptedException {
        if (!Files.isExecutable(BIN.resolve("initdb"))) {
            throw new IllegalStateException("PostgreSQL 15 is not installed: apt-get install -y postgresql-15");
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("pwfile"), PASSWORD + "\n");
        TreeFixtures.run(List.of("chown", "-R", "postgres:postgres", dir.toString()));
        TreeFixtures.run(List.of("runuser", "-u", "postgres", "--", BIN.resolve("initdb").toString(),
                "-D", dir.resolve("data").toString(), "-U", USER, "--auth=scram-sha-256",
                "--pwfile=" + dir.resolve("pwfile"), "-E", "UTF8", "--no-sync"));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        TreeFixtures.run(List.of("runuser", "-u", "postgres", "--", BIN.resolve("pg_ctl").toString(),
                "-D", dir.resolve("data").toString(), "-l", dir.resolve("server.log").toString(), "-w",
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"));
        return new Postgres15(dir, port);
    }

    public int port() {
        return port;
    }

    public DataSource dataSource(String database) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {"127.0.0.1"});
        dataSource.setPortNumbers(new int[] {port});
        dataSource.setDatabaseName(database);
        dataSource.setUser(USER);
        dataSource.setPassword(PASSWORD);
        return dataSource;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        TreeFixtures.run(List.of("runuser", "-u", "postgres", "--", BIN.resolve("pg_ctl").toString(),
                "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop"));
    }
}
