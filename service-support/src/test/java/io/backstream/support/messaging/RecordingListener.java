package io.backstream.support.messaging;

import io.backstream.schema.CloudEvent;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.context.annotation.Requires;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A listener built the way every service listener is: thin, delegating to {@link InboundEvents}. */
@Requires(property = "recording-listener.topic")
@KafkaListener(groupId = "recording-listener", offsetReset = OffsetReset.EARLIEST)
class RecordingListener {

    private final InboundEvents inbound;
    final List<CloudEvent<?>> handled = new CopyOnWriteArrayList<>();
    /** {@code partition@offset} of the records fully processed (handled, dead-lettered or dropped as duplicates). */
    final Set<String> processed = ConcurrentHashMap.newKeySet();

    RecordingListener(InboundEvents inbound) {
        this.inbound = inbound;
    }

    @Topic("${recording-listener.topic}")
    void receive(ConsumerRecord<String, byte[]> record) {
        inbound.handle(record, "recording-listener", handled::add);
        processed.add(record.partition() + "@" + record.offset());
    }
}
