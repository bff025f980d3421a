package io.backstream.catalog.metrics;

import io.backstream.catalog.domain.Backup;
import io.backstream.catalog.domain.BackupStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Backup metrics derived from the projected events: {@code backstream_backup_runs_total{target,policy,type,result}},
 * {@code backstream_backup_duration_seconds}, {@code backstream_backup_bytes_total} and
 * {@code backstream_backup_last_success_timestamp_seconds{target}}. A run is counted once, when it first
 * reaches COMPLETED, FAILED or SKIPPED. Retention: {@code backstream_retention_deletes_requested_total{policy}}.
 * Refused events: {@code backstream_catalog_events_refused_total{type,reason}}.
 */
@Singleton
public class CatalogMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();

    public CatalogMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts the change from {@code before} (null if new) to {@code after} if it finished the run. */
    public void record(Backup before, Backup after) {
        boolean wasFinished = before != null && before.status().isFinished();
        BackupStatus outcome = after.status();
        if (wasFinished || !(outcome == BackupStatus.COMPLETED || outcome == BackupStatus.FAILED
                || outcome == BackupStatus.SKIPPED)) {
            return;
        }
        String target = tag(after.targetId());
        Counter.builder("backstream.backup.runs")
                .description("Backup runs by outcome")
                .tag("target", target)
                .tag("policy", tag(after.policyId()))
                .tag("type", after.type() == null ? "unknown" : after.type().name().toLowerCase(Locale.ROOT))
                .tag("result", outcome.name().toLowerCase(Locale.ROOT))
                .register(registry)
                .increment();
        if (outcome != BackupStatus.COMPLETED) {
            return;
        }
        Duration duration = after.totalDuration();
        if (duration != null && !duration.isNegative()) {
            Timer.builder("backstream.backup.duration")
                    .description("Time from snapshot start to a completed upload")
                    .tag("target", target)
                    .register(registry)
                    .record(duration);
        }
        if (after.upload() != null) {
            Counter.builder("backstream.backup.bytes")
                    .description("Stored bytes of completed backups")
                    .baseUnit("bytes")
                    .tag("target", target)
                    .register(registry)
                    .increment(after.upload().size());
        }
        if (after.finishedAt() != null) {
            lastSuccess(target, after.finishedAt().getEpochSecond());
        }
    }

    /** Sets the last-success gauge of {@code targetId} unless it already shows a later time. */
    public void lastSuccess(String targetId, long epochSeconds) {
        AtomicLong value = lastSuccess.computeIfAbsent(tag(targetId), target -> {
            AtomicLong holder = new AtomicLong();
            Gauge.builder("backstream.backup.last.success.timestamp", holder, AtomicLong::get)
                    .description("When the newest completed backup of the target finished")
                    .baseUnit("seconds")
                    .tag("target", target)
                    .register(registry);
            return holder;
        });
        value.accumulateAndGet(epochSeconds, Math::max);
    }

    /** Counts one {@code DeleteRequested} retention published for a backup of {@code policyId}. */
    public void retentionDeleteRequested(String policyId) {
        Counter.builder("backstream.retention.deletes.requested")
                .description("Deletions retention requested")
                .tag("policy", tag(policyId))
                .register(registry)
                .increment();
    }

    /**
     * Counts one lifecycle event the catalog refused because it disagrees with the backup's record.
     *
     * @param type   the CloudEvent type, e.g. {@code backstream.backup.deleted.v1}
     * @param reason the refusal's reason, e.g. {@code storage-mismatch}
     */
    public void eventRefused(String type, String reason) {
        Counter.builder("backstream.catalog.events.refused")
                .description("Lifecycle events refused for disagreeing with the catalog's record of their backup")
                .tag("type", type)
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    private static String tag(String value) {
        return value == null ? "none" : value;
    }
}
