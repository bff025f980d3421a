package io.backstream.catalog.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * {@code backstream.catalog.*}: how long a requested backup may wait for a worker ({@code claim-timeout}), how
 * long a running one may go without progress ({@code progress-timeout}), and how often that is checked
 * ({@code sweep-interval}), and how long processed event ids are kept for duplicate detection
 * ({@code processed-retention}, longer than the retention of the consumed topics), and how often every policy's
 * retention is evaluated besides after each completed backup ({@code retention-interval}), and how long a
 * decided delete may go unanswered before the catalog asks again ({@code delete-answer-timeout}).
 */
@ConfigurationProperties("backstream.catalog")
public class CatalogConfiguration {

    @NotNull
    private Duration claimTimeout = Duration.ofMinutes(2);
    @NotNull
    private Duration progressTimeout = Duration.ofMinutes(30);
    @NotNull
    private Duration sweepInterval = Duration.ofSeconds(15);
    @NotNull
    private Duration processedRetention = Duration.ofDays(35);
    @NotNull
    private Duration retentionInterval = Duration.ofHours(1);
    @NotNull
    private Duration deleteAnswerTimeout = Duration.ofMinutes(30);

    public Duration getClaimTimeout() {
        return claimTimeout;
    }

    public void setClaimTimeout(Duration claimTimeout) {
        this.claimTimeout = positive("backstream.catalog.claim-timeout", claimTimeout);
    }

    public Duration getProgressTimeout() {
        return progressTimeout;
    }

    public void setProgressTimeout(Duration progressTimeout) {
        this.progressTimeout = positive("backstream.catalog.progress-timeout", progressTimeout);
    }

    public Duration getSweepInterval() {
        return sweepInterval;
    }

    public void setSweepInterval(Duration sweepInterval) {
        this.sweepInterval = positive("backstream.catalog.sweep-interval", sweepInterval);
    }

    public Duration getProcessedRetention() {
        return processedRetention;
    }

    public void setProcessedRetention(Duration processedRetention) {
        this.processedRetention = positive("backstream.catalog.processed-retention", processedRetention);
    }

    public Duration getRetentionInterval() {
        return retentionInterval;
    }

    public void setRetentionInterval(Duration retentionInterval) {
        this.retentionInterval = positive("backstream.catalog.retention-interval", retentionInterval);
    }

    public Duration getDeleteAnswerTimeout() {
        return deleteAnswerTimeout;
    }

    public void setDeleteAnswerTimeout(Duration deleteAnswerTimeout) {
        this.deleteAnswerTimeout = positive("backstream.catalog.delete-answer-timeout", deleteAnswerTimeout);
    }

    private static Duration positive(String property, Duration value) {
        if (value != null && (value.isZero() || value.isNegative())) {
            throw new IllegalArgumentException(property + " must be positive, got " + value);
        }
        return value;
    }
}
