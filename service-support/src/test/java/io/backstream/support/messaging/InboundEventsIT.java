package io.backstream.support.messaging;

import io.backstream.schema.CloudEvent;
import io.backstream.schema.DeadLetterHeaders;
import io.backstream.schema.EventCodec;
import io.backstream.schema.Topics;
import io.backstream.schema.BackupType;
import io.backstream.schema.event.BackupRequested;
import io.backstream.testkit.Await;
import io.backstream.testkit.BackstreamInfrastructure;
import io.backstream.testkit.KafkaBroker;
import io.backstream.testkit.UniqueNames;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad records go to the DLQ with their original bytes and error headers; the consumer carries on. */
@ExtendWith(BackstreamInfrastructure.class)
class InboundEventsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void badRecordsAreDeadLetteredAndTheConsumerCarriesOn(KafkaBroker broker) throws Exception {
        String topic = UniqueNames.topic("inbound");
        broker.createTopic(topic, 1, Map.of());
        broker.createTopic(Topics.dlq(topic), 1, Map.of());
        EventCodec codec = new EventCodec();

        CloudEvent<BackupRequested> valid = codec.create("/test/inbound-events-it", "db-main", new BackupRequested(
                UniqueNames.id("backup"), "db-main", BackupType.FULL, null, "s3", null, null, null,
                "inbound-events-it", null, null, Instant.parse("2026-11-21T10:00:00Z")));
        byte[] validBytes = codec.encode(valid);
        String validJson = new String(validBytes, StandardCharsets.UTF_8);
        byte[] malformed = "{\"specversion\": \"1.0\", \"id\": ".getBytes(StandardCharsets.UTF_8);
        byte[] invalid = validJson.replace("\"targetId\":\"db-main\",", "").getBytes(StandardCharsets.UTF_8);
        byte[] unknownVersion = validJson.replace("backstream.backup.requested.v1", "backstream.backup.requested.v9")
                .getBytes(StandardCharsets.UTF_8);

        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "kafka.bootstrap.servers", broker.bootstrapServers(),
                "recording-listener.topic", topic), "support-it");
             KafkaProducer<byte[], byte[]> producer = broker.newProducer()) {
            for (byte[] value : List.of(malformed, invalid, unknownVersion, validBytes, validBytes)) {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, key("db-main"), value);
                record.headers().add("traceparent", key("00-trace"));
                producer.send(record).get();
            }

            RecordingListener listener = context.getBean(RecordingListener.class);
            Await.until(TIMEOUT, () -> !listener.handled.isEmpty(), "the valid event is handled");

            List<ConsumerRecord<byte[], byte[]>> dead = broker.readUntil(Topics.dlq(topic), records -> records.size() >= 3, TIMEOUT);
            assertEquals(3, dead.size());
            assertDeadLetter(dead.get(0), malformed, "MALFORMED", topic, 0);
            assertDeadLetter(dead.get(1), invalid, "INVALID", topic, 1);
            assertDeadLetter(dead.get(2), unknownVersion, "UNKNOWN_TYPE", topic, 2);
            assertTrue(header(dead.get(1), DeadLetterHeaders.ERROR_MESSAGE).contains("targetId"),
                    "the schema error names the missing field");

            Await.until(TIMEOUT, () -> listener.processed.get() == 5, "all five records are processed");
            // the fifth record repeats the valid event's id and is dropped as a duplicate
            assertEquals(1, listener.handled.size());
            assertEquals(valid, listener.handled.get(0));
            double dlqCount = context.getBean(MeterRegistry.class)
                    .get("backstream.dlq.records").tag("topic", topic).counter().count();
            assertEquals(3.0, dlqCount);
        }
    }

    private static void assertDeadLetter(ConsumerRecord<byte[], byte[]> dead, byte[] original, String reason,
                                         String sourceTopic, long sourceOffset) {
        assertArrayEquals(original, dead.value(), "the original bytes are kept");
        assertArrayEquals(key("db-main"), dead.key());
        assertEquals(reason, header(dead, DeadLetterHeaders.REASON));
        assertEquals(sourceTopic, header(dead, DeadLetterHeaders.SOURCE_TOPIC));
        assertEquals("0", header(dead, DeadLetterHeaders.SOURCE_PARTITION));
        assertEquals(Long.toString(sourceOffset), header(dead, DeadLetterHeaders.SOURCE_OFFSET));
        assertEquals("io.backstream.schema.EventRejectedException", header(dead, DeadLetterHeaders.ERROR_CLASS));
        assertEquals("00-trace", header(dead, "traceparent"), "the original headers are kept");
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] key(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
