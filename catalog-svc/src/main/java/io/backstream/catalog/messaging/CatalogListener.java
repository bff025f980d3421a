package io.backstream.catalog.messaging;

import io.backstream.catalog.domain.BackupStatus;
import io.backstream.catalog.domain.LifecycleEventRefused;
import io.backstream.catalog.metrics.CatalogMetrics;
import io.backstream.catalog.persistence.CatalogProjection;
import io.backstream.schema.CloudEvent;
import io.backstream.support.messaging.DeadLetterPublisher;
import io.backstream.support.messaging.InboundEvents;
import io.backstream.support.messaging.Redelivery;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;
import java.util.Optional;

/**
 * Feeds every catalog topic into the projection (consumer group {@value #CONSUMER}) and queues a retention
 * evaluation of a policy whenever one of its backups completes. A lifecycle event that disagrees with the
 * catalog's record of its backup ({@link LifecycleEventRefused}) goes to {@code <topic>.dlq} with the refusal's
 * reason and is counted; nothing of it is applied, and the listener carries on. Records arrive a poll at a time;
 * when one cannot be projected (e.g. the database is down) the poll is retried from its first record with
 * exponential back-off (by default 10 retries from 500 ms; records already projected are recognised by
 * their event ids). A record is never skipped, since the catalog would then miss a backup's change for
 * good: once the retries are used up, {@link Redelivery.Listener} delivers the poll again and they start over.
 */
@KafkaListener(groupId = CatalogListener.CONSUMER, offsetReset = OffsetReset.EARLIEST, batch = true,
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RETRY_EXPONENTIALLY_ON_ERROR,
                retryCountValue = "${backstream.catalog.event-retries:10}",
                retryDelay = "${backstream.catalog.event-retry-delay:500ms}"))
public class CatalogListener implements Redelivery.Listener {

    /** Consumer group and duplicate-detection scope of the catalog. */
    public static final String CONSUMER = "catalog-svc";

    private final InboundEvents inbound;
    private final CatalogProjection projection;
    private final CatalogMetrics metrics;
    private final RetentionEvaluator retention;
    private final DeadLetterPublisher deadLetters;

    CatalogListener(InboundEvents inbound, CatalogProjection projection, CatalogMetrics metrics,
                    RetentionEvaluator retention, DeadLetterPublisher deadLetters) {
        this.inbound = inbound;
        this.deadLetters = deadLetters;
        this.projection = projection;
        this.metrics = metrics;
        this.retention = retention;
    }

    @Topic({"backup.events", "backup.requests", "backup.deletions", "restore.events", "backup.targets"})
    void receive(List<ConsumerRecord<String, byte[]>> records) {
        try {
            for (ConsumerRecord<String, byte[]> record : records) {
                inbound.handle(record, CONSUMER, event -> project(record, event));
            }
        } catch (RuntimeException e) {
            Redelivery.retrying(records, e);
            throw e;
        }
    }

    private void project(ConsumerRecord<String, byte[]> record, CloudEvent<?> event) {
        Optional<CatalogProjection.BackupChange> changed;
        try {
            changed = projection.apply(CONSUMER, event);
        } catch (LifecycleEventRefused refused) {
            deadLetters.send(record, refused.reason(), refused);
            metrics.eventRefused(event.type(), refused.reason());
            return;
        }
        changed.ifPresent(change -> {
            metrics.record(change.before(), change.after());
            if (change.after().status() == BackupStatus.COMPLETED
                    && (change.before() == null || change.before().status() != BackupStatus.COMPLETED)) {
                retention.evaluateSoon(change.after().policyId());
            }
        });
    }

    /** The compacted policy topic: a Policy stores its retention rules, a tombstone (null value) forgets them. */
    @Topic("backup.policies")
    void receivePolicies(List<ConsumerRecord<String, byte[]>> records) {
        try {
            for (ConsumerRecord<String, byte[]> record : records) {
                if (record.value() == null) {
                    if (record.key() != null) {
                        projection.deletePolicy(record.key());
                    }
                    continue;
                }
                inbound.handle(record, CONSUMER, event -> projection.apply(CONSUMER, event));
            }
        } catch (RuntimeException e) {
            Redelivery.retrying(records, e);
            throw e;
        }
    }
}
