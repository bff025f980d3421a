package io.backstream.worker.config;

import io.backstream.schema.Compression;
import io.backstream.schema.TargetKind;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One target this worker owns: {@code backstream.worker.targets.<id>.*}. Binding only: kind-specific
 * rules (a directory needs {@code path}, a database its {@code postgres.database}, ...) and building the
 * {@link io.backstream.worker.domain.TargetSpec} are {@link Targets}' job at start-up. The nested
 * property groups stay inner classes because Micronaut binds them under this target's prefix only so.
 */
@EachProperty("backstream.worker.targets")
public class TargetConfiguration {

    /** Smallest chunk: tests use 1 MiB; production keeps the 8 MiB default (S3's part minimum is 5 MiB). */
    public static final int MIN_CHUNK_SIZE = 64 * 1024;
    /** Largest chunk, so a chunk plus one frame stays under the chunk topic's 16 MiB record limit. */
    public static final int MAX_CHUNK_SIZE = 12 * 1024 * 1024;

    private final String id;
    @NotNull
    private TargetKind kind;
    private Path path;
    @NotNull
    private List<String> include = new ArrayList<>();
    @NotNull
    private List<String> exclude = new ArrayList<>();
    private String description;
    @NotNull
    private Compression compression = Compression.ZSTD;
    private Integer compressionLevel;
    @Min(MIN_CHUNK_SIZE)
    @Max(MAX_CHUNK_SIZE)
    private int chunkSize = 8 * 1024 * 1024;
    private PreHook preHook;
    private PostHook postHook;
    private Postgres postgres;
    private Command command;

    public TargetConfiguration(@Parameter String id) {
        this.id = id;
    }

    public String getId() {
        return id;
    }

    /** DIRECTORY, POSTGRES or COMMAND. */
    public TargetKind getKind() {
        return kind;
    }

    public void setKind(TargetKind kind) {
        this.kind = kind;
    }

    /** The directory to archive (kind DIRECTORY). */
    public Path getPath() {
        return path;
    }

    public void setPath(Path path) {
        this.path = path;
    }

    /** Globs relative to the directory; when set, only matching paths (and all below a matching directory) are taken. */
    public List<String> getInclude() {
        return include;
    }

    public void setInclude(List<String> include) {
        this.include = include;
    }

    /** Globs relative to the directory to leave out; an excluded directory is skipped whole. */
    public List<String> getExclude() {
        return exclude;
    }

    public void setExclude(List<String> exclude) {
        this.exclude = exclude;
    }

    /** Free text announced with the target. */
    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    /** ZSTD (default) or GZIP. */
    public Compression getCompression() {
        return compression;
    }

    public void setCompression(Compression compression) {
        this.compression = compression;
    }

    /** zstd 1-22 (default 3) or gzip 1-9 (default 6). */
    public Integer getCompressionLevel() {
        return compressionLevel;
    }

    public void setCompressionLevel(Integer compressionLevel) {
        this.compressionLevel = compressionLevel;
    }

    /** Minimum bytes per chunk (all but the last), default 8 MiB. */
    public int getChunkSize() {
        return chunkSize;
    }

    public void setChunkSize(int chunkSize) {
        this.chunkSize = chunkSize;
    }

    public PreHook getPreHook() {
        return preHook;
    }

    public void setPreHook(PreHook preHook) {
        this.preHook = preHook;
    }

    public PostHook getPostHook() {
        return postHook;
    }

    public void setPostHook(PostHook postHook) {
        this.postHook = postHook;
    }

    public Postgres getPostgres() {
        return postgres;
    }

    public void setPostgres(Postgres postgres) {
        this.postgres = postgres;
    }

    public Command getCommand() {
        return command;
    }

    public void setCommand(Command command) {
        this.command = command;
    }

    /** A program and its timeout. */
    public abstract static class HookProperties {
        private List<String> command = new ArrayList<>();
        @NotNull
        private Duration timeout = Duration.ofMinutes(5);

        /** Program and arguments, e.g. {@code [/usr/local/bin/freeze, --all]}. */
        public List<String> getCommand() {
            return command;
        }

        public void setCommand(List<String> command) {
            this.command = command;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }
    }

    /** {@code pre-hook}: runs before the backup; failing or timing out fails the backup. */
    @ConfigurationProperties("pre-hook")
    public static class PreHook extends HookProperties {
    }

    /** {@code post-hook}: runs after the backup, also after a failed one. */
    @ConfigurationProperties("post-hook")
    public static class PostHook extends HookProperties {
    }

    /** {@code postgres}: the database of a POSTGRES target. */
    @ConfigurationProperties("postgres")
    public static class Postgres {
        private String host = "127.0.0.1";
        @Min(1)
        @Max(65535)
        private int port = 5432;
        private String database;
        private String user = "postgres";
        private String password;
        private Path passwordFile;
        private Path binDir;
        @NotNull
        private Duration timeout = Duration.ofHours(6);

        public String getHost() {
            return host;
        }

        public void setHost(String host) {
            this.host = host;
        }

        public int getPort() {
            return port;
        }

        public void setPort(int port) {
            this.port = port;
        }

        public String getDatabase() {
            return database;
        }

        public void setDatabase(String database) {
            this.database = database;
        }

        public String getUser() {
            return user;
        }

        public void setUser(String user) {
            this.user = user;
        }

        /** Prefer {@code password-file} or the environment; never logged. */
        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        /** File whose first line is the password, read at every backup. */
        public Path getPasswordFile() {
            return passwordFile;
        }

        public void setPasswordFile(Path passwordFile) {
            this.passwordFile = passwordFile;
        }

        /** Directory with {@code pg_dump}/{@code pg_dumpall} matching the server version; default: the PATH. */
        public Path getBinDir() {
            return binDir;
        }

        public void setBinDir(Path binDir) {
            this.binDir = binDir;
        }

        /** Limit for each of the two dump tools. */
        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        @Override
        public String toString() {
            return "Postgres[" + user + "@" + host + ":" + port + "/" + database + "]";
        }
    }

    /** {@code command}: the program of a COMMAND target. */
    @ConfigurationProperties("command")
    public static class Command {
        private List<String> run = new ArrayList<>();
        private Path stagingDir;
        @NotNull
        private Duration timeout = Duration.ofHours(1);

        /** Program and arguments; the staging directory is appended and set as BACKSTREAM_STAGING_DIR. */
        public List<String> getRun() {
            return run;
        }

        public void setRun(List<String> run) {
            this.run = run;
        }

        /** Parent of the per-backup staging directories; removed after archiving. */
        public Path getStagingDir() {
            return stagingDir;
        }

        public void setStagingDir(Path stagingDir) {
            this.stagingDir = stagingDir;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }
    }
}
