package io.backstream.uploader.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import java.nio.file.Path;
import java.time.Duration;

/** The uploader's own settings, {@code backstream.uploader.*}. */
@Context
@ConfigurationProperties("backstream.uploader")
public class UploaderConfiguration {

    @NotBlank
    private String defaultStorage = "s3";
    @NotNull
    private Path stateDir = Path.of(".backstream", "uploader");
    @Nullable
    @Positive
    private Long maxBytesPerSecond;
    @Min(1)
    private int retryMaxAttempts = 6;
    @NotNull
    private Duration retryInitialDelay = Duration.ofMillis(200);
    @NotNull
    private Duration retryMaxDelay = Duration.ofSeconds(10);
    @NotNull
    private Duration outcomeRetention = Duration.ofDays(7);
    @Min(1)
    private int partConcurrency = 4;
    @NotNull
    private Duration abandonAfter = Duration.ofHours(1);
    private boolean orphanSweep = true;

    /** Storage used when a backup names none. */
    public String getDefaultStorage() {
        return defaultStorage;
    }

    public void setDefaultStorage(String defaultStorage) {
        this.defaultStorage = defaultStorage;
    }

    /** Where resume state lives; must survive restarts (a volume in containers). */
    public Path getStateDir() {
        return stateDir;
    }

    public void setStateDir(Path stateDir) {
        this.stateDir = stateDir;
    }

    /** Upload bandwidth limit shared by all backups; unset for none. */
    @Nullable
    public Long getMaxBytesPerSecond() {
        return maxBytesPerSecond;
    }

    public void setMaxBytesPerSecond(@Nullable Long maxBytesPerSecond) {
        this.maxBytesPerSecond = maxBytesPerSecond;
    }

    /** Attempts of each storage operation, the first included. */
    public int getRetryMaxAttempts() {
        return retryMaxAttempts;
    }

    public void setRetryMaxAttempts(int retryMaxAttempts) {
        this.retryMaxAttempts = retryMaxAttempts;
    }

    /** Upper bound of the first back-off. */
    public Duration getRetryInitialDelay() {
        return retryInitialDelay;
    }

    public void setRetryInitialDelay(Duration retryInitialDelay) {
        this.retryInitialDelay = retryInitialDelay;
    }

    /** Upper bound of any back-off. */
    public Duration getRetryMaxDelay() {
        return retryMaxDelay;
    }

    public void setRetryMaxDelay(Duration retryMaxDelay) {
        this.retryMaxDelay = retryMaxDelay;
    }

    /** How long finished backups are remembered, so late redeliveries of their records are recognised. */
    public Duration getOutcomeRetention() {
        return outcomeRetention;
    }

    public void setOutcomeRetention(Duration outcomeRetention) {
        this.outcomeRetention = outcomeRetention;
    }

    /** Parts in flight at once across all backups, for storages that take parts concurrently (S3). */
    public int getPartConcurrency() {
        return partConcurrency;
    }

    public void setPartConcurrency(int partConcurrency) {
        this.partConcurrency = partConcurrency;
    }

    /**
     * How long a backup may go without a record before its upload is aborted and its state removed; also how
     * old an upload no state knows must be before the start-up sweep aborts it.
     */
    public Duration getAbandonAfter() {
        return abandonAfter;
    }

    public void setAbandonAfter(Duration abandonAfter) {
        this.abandonAfter = abandonAfter;
    }

    /** Whether start-up aborts the old unfinished uploads under each storage's prefix that no state knows. */
    public boolean isOrphanSweep() {
        return orphanSweep;
    }

    public void setOrphanSweep(boolean orphanSweep) {
        this.orphanSweep = orphanSweep;
    }
}
