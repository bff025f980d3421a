package io.backstream.worker.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The worker itself ({@code backstream.worker.*}); targets are declared under
 * {@code backstream.worker.targets.<id>} ({@link TargetConfiguration}).
 */
@Context
@ConfigurationProperties("backstream.worker")
public class WorkerConfiguration {

    /** Maximum raw frame size: keeps a 12 MiB chunk plus one frame under the topic's 16 MiB record limit. */
    public static final int MAX_FRAME_SIZE = 2 * 1024 * 1024;

    @NotBlank
    private String id;
    @Min(1)
    @Max(64)
    private int maxConcurrentBackups = 2;
    @Min(64 * 1024)
    @Max(MAX_FRAME_SIZE)
    private int frameSize = 1024 * 1024;
    @Min(0)
    @Max(256)
    private int compressionThreads;
    @Min(1)
    @Max(64)
    private int maxChunksInFlight = 3;
    @NotNull
    private Duration maxRequestAge = Duration.ofHours(1);
    @NotNull
    private Path spoolDir = Path.of(System.getProperty("java.io.tmpdir"), "backstream-worker");
    @NotNull
    private Path stateDir = Path.of(".backstream", "worker");

    /** This worker's id: in events and in its consumer group {@code snapshot-worker-<id>}. Default: the host name. */
    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    /** Backups (of different targets) running at once; further requests wait in a short queue. */
    public int getMaxConcurrentBackups() {
        return maxConcurrentBackups;
    }

    public void setMaxConcurrentBackups(int maxConcurrentBackups) {
        this.maxConcurrentBackups = maxConcurrentBackups;
    }

    /** Uncompressed bytes per independently compressed frame (at most the chunk size is used). */
    public int getFrameSize() {
        return frameSize;
    }

    public void setFrameSize(int frameSize) {
        this.frameSize = frameSize;
    }

    /** Threads compressing frames; 0 means one per core. */
    public int getCompressionThreads() {
        return compressionThreads;
    }

    public void setCompressionThreads(int compressionThreads) {
        this.compressionThreads = compressionThreads;
    }

    /** Chunks sent to Kafka and not yet acknowledged, per backup; bounds memory. */
    public int getMaxChunksInFlight() {
        return maxChunksInFlight;
    }

    public void setMaxChunksInFlight(int maxChunksInFlight) {
        this.maxChunksInFlight = maxChunksInFlight;
    }

    /**
     * Requests older than this (by their {@code requestedAt}) are ignored: a new worker's consumer
     * group reads {@code backup.requests} from the beginning and must not replay old backups.
     */
    public Duration getMaxRequestAge() {
        return maxRequestAge;
    }

    public void setMaxRequestAge(Duration maxRequestAge) {
        this.maxRequestAge = maxRequestAge;
    }

    /** Where database dumps are spooled before they are archived. */
    public Path getSpoolDir() {
        return spoolDir;
    }

    public void setSpoolDir(Path spoolDir) {
        this.spoolDir = spoolDir;
    }

    /**
     * Where the worker records the backups it accepted and started, so a restart runs again what had not
     * started and reports what was running as failed; keep it on a volume.
     */
    public Path getStateDir() {
        return stateDir;
    }

    public void setStateDir(Path stateDir) {
        this.stateDir = stateDir;
    }
}
