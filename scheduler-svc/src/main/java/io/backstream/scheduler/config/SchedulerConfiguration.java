package io.backstream.scheduler.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.nio.file.Path;
import java.time.Duration;

/** Settings under {@code backstream.scheduler}; validated at start-up. */
@ConfigurationProperties("backstream.scheduler")
public class SchedulerConfiguration {

    private Duration startingDeadline = Duration.ofHours(1);
    private Duration tickInterval = Duration.ofSeconds(5);
    private boolean incrementalEnabled;
    private Path policiesFile;
    private Duration runningExpiry = Duration.ofHours(12);
    private Duration maxWait = Duration.ofMinutes(10);
    private String source = "/scheduler-svc";

    /** How late a missed slot may still fire (after downtime only the most recent one does); default PT1H. */
    @NotNull
    public Duration getStartingDeadline() {
        return startingDeadline;
    }

    public void setStartingDeadline(Duration startingDeadline) {
        this.startingDeadline = startingDeadline;
    }

    /** How often due runs are computed; default PT5S. */
    @NotNull
    public Duration getTickInterval() {
        return tickInterval;
    }

    public void setTickInterval(Duration tickInterval) {
        this.tickInterval = tickInterval;
    }

    /** Whether INCREMENTAL backups are requested; false (default) forces FULL and records the decision. */
    public boolean isIncrementalEnabled() {
        return incrementalEnabled;
    }

    public void setIncrementalEnabled(boolean incrementalEnabled) {
        this.incrementalEnabled = incrementalEnabled;
    }

    /** YAML file of policies published to {@code backup.policies} at start-up; none by default. */
    @Nullable
    public Path getPoliciesFile() {
        return policiesFile;
    }

    public void setPoliciesFile(@Nullable Path policiesFile) {
        this.policiesFile = policiesFile;
    }

    /** How long a backup without news still blocks the next run of its policy and target; default PT12H. */
    @NotNull
    public Duration getRunningExpiry() {
        return runningExpiry;
    }

    public void setRunningExpiry(Duration runningExpiry) {
        this.runningExpiry = runningExpiry;
    }

    /** Longest {@code timeout} of {@code POST /v1/backups?wait=true}, also its default; default PT10M. */
    @NotNull
    public Duration getMaxWait() {
        return maxWait;
    }

    public void setMaxWait(Duration maxWait) {
        this.maxWait = maxWait;
    }

    /** CloudEvents {@code source} of the events this scheduler publishes; default {@code /scheduler-svc}. */
    @NotBlank
    public String getSource() {
        return source;
    }

    public void setSource(String source) {
        this.source = source;
    }
}
