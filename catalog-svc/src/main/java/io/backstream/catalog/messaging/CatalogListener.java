package io.backstream.catalog.messaging;

import io.backstream.catalog.domain.BackupStatus;
import io.backstream.catalog.metrics.CatalogMetrics;
import io.backstream.catalog.projection.CatalogProjection;
import io.backstream.support.messaging.InboundEvents;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Feeds every catalog topic into the projection (consumer group {@value #CONSUMER}) and queues a retention
 * evaluation of a policy whenever one of its backups completes. A record whose projection
 * fails (e.g. the database is down) is retried with exponential back-off (10 attempts from 500 ms) before the
 * listener moves on.
 */
@KafkaListener(groupId = CatalogListener.CONSUMER, offsetReset = OffsetReset.EARLIEST,
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RETRY_EXPONENTIALLY_ON_ERROR, retryCount = 10,
                retryDelay = "500ms"))
public class CatalogListener {

    /** Consumer group and duplicate-detection scope of the catalog. */
    public static final String CONSUMER = "catalog-svc";

    private final InboundEvents inbound;
    private final CatalogProjection projection;
    private final CatalogMetrics metrics;
    private final RetentionEvaluator retention;

    CatalogListener(InboundEvents inbound, CatalogProjection projection, CatalogMetrics metrics,
                    RetentionEvaluator retention) {
        this.inbound = inbound;
        this.projection = projection;
        this.metrics = metrics;
        this.retention = retention;
    }

    @Topic({"backup.events", "backup.requests", "backup.deletions", "restore.events", "backup.targets"})
    void receive(ConsumerRecord<String, byte[]> record) {
        inbound.handle(record, CONSUMER, event -> projection.apply(CONSUMER, event).ifPresent(change -> {
            metrics.record(change.before(), change.after());
            if (change.after().status() == BackupStatus.COMPLETED
                    && (change.before() == null || change.before().status() != BackupStatus.COMPLETED)) {
                retention.evaluateSoon(change.after().policyId());
            }
        }));
    }

    /** The compacted policy topic: a Policy stores its retention rules, a tombstone (null value) forgets them. */
    @Topic("backup.policies")
    void receivePolicy(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            if (record.key() != null) {
                projection.deletePolicy(record.key());
            }
            return;
        }
        inbound.handle(record, CONSUMER, event -> projection.apply(CONSUMER, event));
    }
}
