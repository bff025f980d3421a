package io.backstream.worker.metrics;

import io.backstream.worker.domain.BackupMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Locale;

/**
 * Prometheus names: {@code backstream_backup_raw_bytes_total{target}},
 * {@code backstream_backup_stored_bytes_total{target}}, {@code backstream_backup_runs_total{result}} and
 * {@code backstream_backup_duration_seconds{result}} (completed and failed runs only).
 */
@Singleton
public class MicrometerBackupMetrics implements BackupMetrics {

    private final MeterRegistry registry;

    public MicrometerBackupMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void archived(String targetId, long rawBytes, long storedBytes) {
        Counter.builder("backstream.backup.raw.bytes").description("Uncompressed tar bytes archived")
                .tag("target", targetId).register(registry).increment(rawBytes);
        Counter.builder("backstream.backup.stored.bytes").description("Compressed archive bytes sent")
                .tag("target", targetId).register(registry).increment(storedBytes);
    }

    @Override
    public void runFinished(Result result, Duration took) {
        Timer.builder("backstream.backup.duration").description("Time to archive a target")
                .tag("result", label(result)).register(registry).record(took);
        countRun(result);
    }

    @Override
    public void skipped() {
        countRun(Result.SKIPPED);
    }

    private void countRun(Result result) {
        Counter.builder("backstream.backup.runs").description("Backups run by this worker, by outcome")
                .tag("result", label(result)).register(registry).increment();
    }

    private static String label(Result result) {
        return result.name().toLowerCase(Locale.ROOT);
    }
}
