package io.backstream.worker.domain;

import io.backstream.schema.Compression;
import io.backstream.schema.TargetKind;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A validated target this worker owns, as its configuration declares it.
 *
 * @param id          target id requests name
 * @param kind        what is archived
 * @param path        the directory to archive (DIRECTORY), else null
 * @param includes    globs relative to the archived root; empty takes everything
 * @param excludes    globs relative to the archived root; an excluded directory is skipped whole
 * @param preHook     run before archiving, or null
 * @param postHook    run after archiving, or null
 * @param compression default compression, a request may override it
 * @param level       default compression level
 * @param chunkSize   minimum size of every chunk except the last
 * @param postgres    connection of a POSTGRES target, else null
 * @param command     program of a COMMAND target, else null
 */
public record TargetSpec(String id, TargetKind kind, Path path, List<String> includes, List<String> excludes,
                         Hook preHook, Hook postHook, Compression compression, int level, int chunkSize,
                         PostgresSource postgres, CommandSource command) {

    public TargetSpec {
        includes = includes == null ? List.of() : List.copyOf(includes);
        excludes = excludes == null ? List.of() : List.copyOf(excludes);
    }

    /**
     * {@code text} with every secret configured for this target replaced by {@code ***}: a failure reason carries
     * hook and tool output, which may echo the password it was given.
     */
    public String redact(String text) {
        String secret = postgres == null || postgres.password() == null ? null : postgres.password().reveal();
        return text == null || secret == null || secret.isEmpty() ? text : text.replace(secret, "***");
    }

    /** A program run around the backup; it fails the backup when it exits non-zero or outlives its timeout. */
    public record Hook(List<String> command, Duration timeout) {
        public Hook {
            command = List.copyOf(command);
        }
    }

    /**
     * A PostgreSQL database dumped with {@code pg_dump -Fc} plus {@code pg_dumpall --globals-only}.
     * The password is read only when a backup runs and goes to the tools through {@code PGPASSWORD}.
     *
     * @param binDir directory holding {@code pg_dump} and {@code pg_dumpall}; null uses the PATH
     */
    public record PostgresSource(String host, int port, String database, String user, Secret password,
                                 Path binDir, Duration timeout) {

        @Override
        public String toString() {
            return "PostgresSource[" + user + "@" + host + ":" + port + "/" + database + "]";
        }
    }

    /**
     * A program that writes a consistent copy into a staging directory, which is then archived.
     *
     * @param command    program and arguments; the staging directory is appended as the last argument
     *                   and set as {@code BACKSTREAM_STAGING_DIR}
     * @param stagingDir parent of the per-backup staging directories
     */
    public record CommandSource(List<String> command, Path stagingDir, Duration timeout) {
        public CommandSource {
            command = List.copyOf(command);
        }
    }

    /** A secret read when needed; its {@code toString} never shows it. */
    @FunctionalInterface
    public interface Secret {

        /** The secret value, or null when none is configured. */
        String reveal();
    }
}
