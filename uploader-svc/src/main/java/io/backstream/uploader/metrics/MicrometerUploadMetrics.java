package io.backstream.uploader.metrics;

import io.backstream.uploader.domain.UploadMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * Prometheus names: {@code backstream_upload_bytes_total{storage}},
 * {@code backstream_upload_part_duration_seconds{storage}},
 * {@code backstream_upload_parts_reused_total{storage}},
 * {@code backstream_upload_runs_total{storage,result}},
 * {@code backstream_upload_run_duration_seconds{storage,result}},
 * {@code backstream_uploader_uploads_abandoned_total{storage}} and
 * {@code backstream_uploader_orphan_uploads_aborted_total{storage}}.
 */
@Singleton
public class MicrometerUploadMetrics implements UploadMetrics {

    private final MeterRegistry registry;

    public MicrometerUploadMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void partUploaded(String storage, long bytes, Duration took) {
        Counter.builder("backstream.upload.bytes").description("Archive bytes sent to object storage")
                .tag("storage", storage).register(registry).increment(bytes);
        Timer.builder("backstream.upload.part.duration").description("Time to store one part")
                .tag("storage", storage).register(registry).record(took);
    }

    @Override
    public void partReused(String storage) {
        Counter.builder("backstream.upload.parts.reused").description("Durable parts kept after a restart instead of being sent again")
                .tag("storage", storage).register(registry).increment();
    }

    @Override
    public void runFinished(String storage, Result result, Duration took) {
        String name = storage == null ? "none" : storage;
        String label = result.name().toLowerCase(java.util.Locale.ROOT);
        Counter.builder("backstream.upload.runs").description("Finished archive uploads")
                .tag("storage", name).tag("result", label).register(registry).increment();
        Timer.builder("backstream.upload.run.duration").description("Time from a backup's start record to its outcome")
                .tag("storage", name).tag("result", label).register(registry).record(took);
    }

    @Override
    public void uploadAbandoned(String storage) {
        Counter.builder("backstream.uploader.uploads.abandoned")
                .description("Backups aborted and cleaned after getting no record for the abandonment time")
                .tag("storage", storage).register(registry).increment();
    }

    @Override
    public void orphanUploadAborted(String storage) {
        Counter.builder("backstream.uploader.orphan.uploads.aborted")
                .description("Unfinished uploads no uploader state knew, aborted by the start-up sweep")
                .tag("storage", storage).register(registry).increment();
    }
}
