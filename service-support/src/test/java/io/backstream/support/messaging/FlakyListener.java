package io.backstream.support.messaging;

import io.backstream.schema.CloudEvent;
import io.backstream.schema.event.BackupRequested;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.context.annotation.Requires;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A batch listener built like the catalog's (retries, then {@link Redelivery}) whose handler fails on purpose,
 * by the request's {@code requestedBy}: {@code invariant} always breaks an invariant, {@code outage-N} meets a
 * database outage on its first N tries.
 */
@Requires(property = "flaky-listener.topic")
@KafkaListener(groupId = "flaky-listener", offsetReset = OffsetReset.EARLIEST, batch = true,
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RETRY_ON_ERROR, retryCount = 2,
                retryDelay = "100ms"))
class FlakyListener implements Redelivery.Listener {

    private final InboundEvents inbound;
    final List<CloudEvent<?>> handled = new CopyOnWriteArrayList<>();
    final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    FlakyListener(InboundEvents inbound) {
        this.inbound = inbound;
    }

    @Topic("${flaky-listener.topic}")
    void receive(List<ConsumerRecord<String, byte[]>> records) {
        try {
            for (ConsumerRecord<String, byte[]> record : records) {
                inbound.handle(record, "flaky-listener", this::handle);
            }
        } catch (RuntimeException e) {
            Redelivery.retrying(records, e);
            throw e;
        }
    }

    private void handle(CloudEvent<?> event) {
        int attempt = attempts.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
        String behaviour = String.valueOf(((BackupRequested) event.data()).requestedBy());
        if (behaviour.equals("invariant")) {
            throw new IllegalStateException("backup " + event.subject() + " breaks an invariant");
        }
        if (behaviour.startsWith("outage-") && attempt <= Integer.parseInt(behaviour.substring(7))) {
            throw new IllegalStateException("projection failed",
                    new SQLTransientConnectionException("connection refused", "08001"));
        }
        handled.add(event);
    }
}
