package io.backstream.support.messaging;

import io.backstream.schema.CloudEvent;
import io.backstream.schema.EventCodec;
import io.backstream.schema.EventType;
import io.backstream.schema.Topics;
import io.backstream.testkit.BackstreamInfrastructure;
import io.backstream.testkit.KafkaBroker;
import io.micronaut.context.ApplicationContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Every event type, taken from the frozen v1 samples, goes through {@link EventPublisher} to its
 * topic on a real broker and comes back from that topic schema-valid and unchanged.
 */
@ExtendWith(BackstreamInfrastructure.class)
class EventRoundTripIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void everyEventTypeRoundTripsThroughItsTopic(KafkaBroker broker) throws Exception {
        Topics.all().forEach(spec -> broker.createTopic(spec.name(), spec.partitions(), spec.configs()));
        EventCodec codec = new EventCodec();
        Map<EventType, CloudEvent<?>> sent = new EnumMap<>(EventType.class);
        Map<EventType, RecordMetadata> positions = new EnumMap<>(EventType.class);

        try (ApplicationContext context = ApplicationContext.run(
                Map.of("kafka.bootstrap.servers", broker.bootstrapServers()), "support-it")) {
            EventPublisher publisher = context.getBean(EventPublisher.class);
            for (EventType type : EventType.values()) {
                CloudEvent<?> event = codec.decode(sample(type));
                sent.put(type, event);
                positions.put(type, publisher.publish(type.key(event.data()), event));
            }
        }

        for (EventType type : EventType.values()) {
            RecordMetadata position = positions.get(type);
            assertEquals(type.topic(), position.topic());
            List<ConsumerRecord<byte[], byte[]>> records = broker.readUntil(type.topic(),
                    all -> find(all, position).isPresent(), TIMEOUT);
            ConsumerRecord<byte[], byte[]> received = find(records, position).orElseThrow();
            CloudEvent<?> expected = sent.get(type);
            assertEquals(type.key(expected.data()), new String(received.key(), StandardCharsets.UTF_8),
                    type + " is keyed as docs/events.md says");
            // decode validates the envelope and the data against the type's JSON Schema
            assertEquals(expected, codec.decode(received.value()), type + " comes back unchanged");
        }
    }

    private static Optional<ConsumerRecord<byte[], byte[]>> find(List<ConsumerRecord<byte[], byte[]>> records,
                                                                RecordMetadata position) {
        return records.stream()
                .filter(r -> r.partition() == position.partition() && r.offset() == position.offset())
                .findFirst();
    }

    private static byte[] sample(EventType type) throws IOException {
        String name = "/samples/v1/" + type.name().toLowerCase(Locale.ROOT).replace('_', '-') + ".json";
        try (InputStream in = EventRoundTripIT.class.getResourceAsStream(name)) {
            assertNotNull(in, "no frozen sample " + name);
            return in.readAllBytes();
        }
    }
}
