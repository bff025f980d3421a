package io.backstream.restore.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The restore service's settings, {@code backstream.restore.*}. */
@Context
@ConfigurationProperties("backstream.restore")
public class RestoreProperties {

    @NotNull
    private URI catalogUrl = URI.create("http://127.0.0.1:8084");
    /** Catalog calls: attempts including the first, with exponential backoff from 200 ms. */
    @Min(1)
    @Max(20)
    private int catalogAttempts = 5;

    private Path catalogTokenFile;
    /** Absolute directories under which directory restores may write; empty allows none. */
    @NotNull
    private List<String> allowedRoots = new ArrayList<>();
    /** Where drills and PostgreSQL restores extract archives; defaults to the system temp dir. */
    private String scratchDir;
    /**
     * Requests accepted and not finished yet, so a restart runs them again; keep it on a volume.
     */
    @NotNull
    private String stateDir = ".backstream/restore";
    /** Restores running at once. */
    @Min(1)
    @Max(64)
    private int workers = 2;
    /** Restores waiting for a worker before the listener stops taking more. */
    @Min(1)
    @Max(10_000)
    private int queueCapacity = 16;
    /** Ranged GETs in flight per restore. */
    @Min(1)
    @Max(64)
    private int parallelFetches = 4;
    @Min(1)
    private int fileWriters = 4;
    @NotNull
    private Duration progressInterval = Duration.ofSeconds(2);
    @NotNull
    private PostgresProperties postgres = new PostgresProperties();

    /** A file holding the bearer token this service sends to the catalog (a viewer of every target); re-read per call. */
    @Nullable
    public Path getCatalogTokenFile() {
        return catalogTokenFile;
    }

    public void setCatalogTokenFile(@Nullable Path catalogTokenFile) {
        this.catalogTokenFile = catalogTokenFile;
    }

    public URI getCatalogUrl() {
        return catalogUrl;
    }

    public void setCatalogUrl(URI catalogUrl) {
        this.catalogUrl = catalogUrl;
    }

    public int getCatalogAttempts() {
        return catalogAttempts;
    }

    public void setCatalogAttempts(int catalogAttempts) {
        this.catalogAttempts = catalogAttempts;
    }

    public List<String> getAllowedRoots() {
        return allowedRoots;
    }

    public void setAllowedRoots(List<String> allowedRoots) {
        this.allowedRoots = allowedRoots;
    }

    public String getScratchDir() {
        return scratchDir;
    }

    public void setScratchDir(String scratchDir) {
        this.scratchDir = scratchDir;
    }

    public String getStateDir() {
        return stateDir;
    }

    public void setStateDir(String stateDir) {
        this.stateDir = stateDir;
    }

    public int getWorkers() {
        return workers;
    }

    public void setWorkers(int workers) {
        this.workers = workers;
    }

    public int getQueueCapacity() {
        return queueCapacity;
    }

    public void setQueueCapacity(int queueCapacity) {
        this.queueCapacity = queueCapacity;
    }

    public int getParallelFetches() {
        return parallelFetches;
    }

    public void setParallelFetches(int parallelFetches) {
        this.parallelFetches = parallelFetches;
    }

    public Duration getProgressInterval() {
        return progressInterval;
    }

    public void setProgressInterval(Duration progressInterval) {
        this.progressInterval = progressInterval;
    }

    public PostgresProperties getPostgres() {
        return postgres;
    }

    public void setPostgres(PostgresProperties postgres) {
        this.postgres = postgres;
    }

    /** Connection of PostgreSQL restores, {@code backstream.restore.postgres.*}; the password is never printed. */
    @ConfigurationProperties("postgres")
    public static class PostgresProperties {
        @NotNull
        private String host = "127.0.0.1";
        @Min(1)
        @Max(65535)
        private int port = 5432;
        @NotNull
        private String username = "postgres";
        private String password;
        /** Database to connect to for CREATE DATABASE. */
        @NotNull
        private String maintenanceDatabase = "postgres";
        /** Directory holding pg_restore; empty means the PATH. */
        private String binDir;
        /**
         * Databases POSTGRES restores may write: whole names, {@code *} for any run of characters and {@code ?} for
         * one ({@code restored_*}); empty allows none.
         */
        @NotNull
        private List<String> allowedDatabases = new ArrayList<>();
        /** The catalog's own database, which no restore writes even when a pattern matches it; blank for none. */
        private String catalogDatabase = "backstream";

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

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public String getMaintenanceDatabase() {
            return maintenanceDatabase;
        }

        public void setMaintenanceDatabase(String maintenanceDatabase) {
            this.maintenanceDatabase = maintenanceDatabase;
        }

        public String getBinDir() {
            return binDir;
        }

        public void setBinDir(String binDir) {
            this.binDir = binDir;
        }

        public List<String> getAllowedDatabases() {
            return allowedDatabases;
        }

        public void setAllowedDatabases(List<String> allowedDatabases) {
            this.allowedDatabases = allowedDatabases;
        }

        public String getCatalogDatabase() {
            return catalogDatabase;
        }

        public void setCatalogDatabase(String catalogDatabase) {
            this.catalogDatabase = catalogDatabase;
        }

        @Override
        public String toString() {
            return "PostgresProperties[host=" + host + ", port=" + port + ", username=" + username
                    + ", password=" + (password == null ? null : "****") + "]";
        }
    }

    /** Threads that create and write small files while a restore reads on, shared by all restores. */
    public int getFileWriters() {
        return fileWriters;
    }

    public void setFileWriters(int fileWriters) {
        this.fileWriters = fileWriters;
    }
}
