package io.backstream.worker.domain;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Spools a PostgreSQL database into a directory: {@code <database>.dump} from {@code pg_dump -Fc}
 * and {@code globals.sql} (roles, tablespaces) from {@code pg_dumpall --globals-only}. The dumps
 * go to disk, never to memory. The password reaches the tools only through {@code PGPASSWORD}
 * and is removed from any tool output quoted in a failure reason.
 */
public final class PostgresDumper {

    private final TargetSpec.PostgresSource source;

    public PostgresDumper(TargetSpec.PostgresSource source) {
        this.source = source;
    }

    /**
     * Writes both dumps into {@code spool}.
     *
     * @throws BackupFailedException naming an unreachable database, failed authentication, a full disk
     *                               or the tool's exit code and stderr tail
     */
    public void dumpInto(Path spool) {
        String password = source.password() == null ? null : source.password().reveal();
        Map<String, String> env = new HashMap<>();
        env.put("PGCONNECT_TIMEOUT", "10");
        if (password != null) {
            env.put("PGPASSWORD", password);
        }
        List<String> connection = List.of("-h", source.host(), "-p", Integer.toString(source.port()),
                "-U", source.user(), "--no-password");
        List<String> dump = new ArrayList<>(List.of(tool("pg_dump"), "-Fc"));
        dump.addAll(connection);
        dump.addAll(List.of("-f", spool.resolve(source.database() + ".dump").toString(), "-d", source.database()));
        run("pg_dump", dump, env, password, spool);

        List<String> globals = new ArrayList<>(List.of(tool("pg_dumpall"), "--globals-only"));
        globals.addAll(connection);
        globals.addAll(List.of("-l", source.database(), "-f", spool.resolve("globals.sql").toString()));
        run("pg_dumpall", globals, env, password, spool);
    }

    private String tool(String name) {
        return source.binDir() == null ? name : source.binDir().resolve(name).toString();
    }

    private void run(String tool, List<String> command, Map<String, String> env, String password, Path spool) {
        ProcessRunner.Result result = ProcessRunner.run(tool, command, env, null, source.timeout());
        if (result.succeeded()) {
            return;
        }
        String stderr = redact(result.stderrTail(), password);
        String lower = stderr.toLowerCase(Locale.ROOT);
        String where = source.host() + ":" + source.port() + "/" + source.database();
        if (lower.contains("no space left on device")) {
            throw new BackupFailedException("disk full while spooling the " + tool + " output to " + spool
                    + ": free space or set backstream.worker.spool-dir elsewhere");
        }
        if (lower.contains("password authentication failed") || lower.contains("no password supplied")) {
            throw new BackupFailedException("database " + where + " rejected user " + source.user()
                    + ": check the target's postgres user and password");
        }
        if (lower.contains("connection refused") || lower.contains("could not connect")
                || lower.contains("could not translate host name") || lower.contains("timeout expired")
                || lower.contains("no route to host")) {
            throw new BackupFailedException("database unreachable at " + where + ": " + stderr);
        }
        if (lower.contains("server version mismatch")) {
            throw new BackupFailedException(tool + " is older than the server at " + where
                    + ": set the target's postgres bin-dir to a matching client; " + stderr);
        }
        throw new BackupFailedException(tool + " of " + where + " " + SnapshotEngine.describe(
                new ProcessRunner.Result(result.exitCode(), result.timedOut(), stderr), source.timeout()));
    }

    private static String redact(String text, String password) {
        return password == null || password.isEmpty() ? text : text.replace(password, "******");
    }
}
