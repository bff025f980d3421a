package io.backstream.scheduler.messaging;

import io.backstream.scheduler.config.SchedulerConfiguration;
import io.backstream.scheduler.domain.RunSink;
import io.backstream.schema.EventCodec;
import io.backstream.schema.event.BackupRequested;
import io.backstream.schema.event.RestoreRequested;
import io.backstream.schema.event.SnapshotSkipped;
import io.backstream.support.messaging.EventPublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

import java.time.temporal.ChronoUnit;

/**
 * Publishes the scheduler's decisions and counts them. Event ids are derived from the run id, so two replicas
 * publishing the same slot produce the same event, which consumers drop as a duplicate.
 * Metrics: {@code backstream_backup_requests_total{policy,trigger}}, {@code backstream_backup_skipped_total{policy}}.
 */
@Singleton
public class KafkaRunSink implements RunSink {

    private final EventPublisher publisher;
    private final EventCodec codec;
    private final MeterRegistry meters;
    private final String source;

    public KafkaRunSink(EventPublisher publisher, EventCodec codec, MeterRegistry meters,
                        SchedulerConfiguration configuration) {
        this.publisher = publisher;
        this.codec = codec;
        this.meters = meters;
        this.source = configuration.getSource();
    }

    @Override
    public void backupRequested(BackupRequested request, String trigger) {
        publisher.publish(request.targetId(), codec.create(request.backupId() + "/requested",
                request.requestedAt().truncatedTo(ChronoUnit.MILLIS), source, request.backupId(), request));
        Counter.builder("backstream.backup.requests")
                .description("Backup requests published by the scheduler")
                .tag("policy", request.policyId() == null ? "" : request.policyId())
                .tag("trigger", trigger)
                .register(meters)
                .increment();
    }

    @Override
    public void snapshotSkipped(SnapshotSkipped skipped) {
        publisher.publish(skipped.backupId(), codec.create(skipped.backupId() + "/skipped",
                skipped.skippedAt().truncatedTo(ChronoUnit.MILLIS), source, skipped.backupId(), skipped));
        Counter.builder("backstream.backup.skipped")
                .description("Scheduled backups skipped because the previous one was still running")
                .tag("policy", skipped.policyId() == null ? "" : skipped.policyId())
                .register(meters)
                .increment();
    }

    @Override
    public void restoreRequested(RestoreRequested request) {
        publisher.publish(request.restoreId(), codec.create(request.restoreId() + "/requested",
                request.requestedAt().truncatedTo(ChronoUnit.MILLIS), source, request.restoreId(), request));
    }
}
