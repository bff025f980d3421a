package io.backstream.support.messaging;

import io.backstream.schema.BoundedText;
import io.backstream.schema.CloudEvent;
import io.backstream.schema.Compression;
import io.backstream.schema.DeadLetterHeaders;
import io.backstream.schema.EventCodec;
import io.backstream.schema.TargetKind;
import io.backstream.schema.Topics;
import io.backstream.schema.BackupType;
import io.backstream.schema.event.BackupRequested;
import io.backstream.schema.event.DeleteRequested;
import io.backstream.schema.event.RestoreRequested;
import io.backstream.schema.event.SnapshotFailed;
import io.backstream.schema.event.SnapshotStarted;
import io.backstream.testkit.Await;
import io.backstream.testkit.BackstreamInfrastructure;
import io.backstream.testkit.KafkaBroker;
import io.backstream.testkit.UniqueNames;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad records go to the DLQ with their original bytes and error headers; the consumer carries on. The
 * topics are the real ones (a topic accepts only its own types), shared with the other ITs of the run,
 * so the assertions look only at the offsets and event ids this test produced.
 */
@ExtendWith(BackstreamInfrastructure.class)
class InboundEventsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final EventCodec CODEC = new EventCodec();

    @Test
    void badRecordsAreDeadLetteredAndTheConsumerCarriesOn(KafkaBroker broker) throws Exception {
        String topic = Topics.BACKUP_REQUESTS;
        createWithDlq(broker, topic);

        CloudEvent<BackupRequested> valid = CODEC.create("/test/inbound-events-it", "db-main", new BackupRequested(
                UniqueNames.id("backup"), "db-main", BackupType.FULL, null, "s3", null, null, null,
                "inbound-events-it", null, null, Instant.parse("2026-11-21T10:00:00Z")));
        byte[] validBytes = CODEC.encode(valid);
        String validJson = new String(validBytes, StandardCharsets.UTF_8);
        byte[] malformed = "{\"specversion\": \"1.0\", \"id\": ".getBytes(StandardCharsets.UTF_8);
        byte[] invalid = validJson.replace("\"targetId\":\"db-main\",", "").getBytes(StandardCharsets.UTF_8);
        byte[] unknownVersion = validJson.replace("backstream.backup.requested.v1", "backstream.backup.requested.v9")
                .getBytes(StandardCharsets.UTF_8);

        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "kafka.bootstrap.servers", broker.bootstrapServers(),
                "recording-listener.topic", topic), "support-it");
             KafkaProducer<byte[], byte[]> producer = broker.newProducer()) {
            List<String> offsets = send(producer, topic, List.of(malformed, invalid, unknownVersion, validBytes, validBytes));

            RecordingListener listener = context.getBean(RecordingListener.class);
            Await.until(TIMEOUT, () -> listener.processed.containsAll(offsets), "all five records are processed");

            List<ConsumerRecord<byte[], byte[]>> dead = deadLetters(broker, topic, offsets, 3);
            assertDeadLetter(dead.get(0), malformed, "MALFORMED", topic, offsets.get(0));
            assertDeadLetter(dead.get(1), invalid, "INVALID", topic, offsets.get(1));
            assertDeadLetter(dead.get(2), unknownVersion, "UNKNOWN_TYPE", topic, offsets.get(2));
            assertTrue(header(dead.get(1), DeadLetterHeaders.ERROR_MESSAGE).contains("targetId"),
                    "the schema error names the missing field");

            // the fifth record repeats the valid event's id and is dropped as a duplicate
            assertEquals(List.of(valid), handledWithId(listener, valid.id()));
            double dlqCount = context.getBean(MeterRegistry.class)
                    .get("backstream.dlq.records").tag("topic", topic).counter().count();
            assertEquals(3.0, dlqCount);
        }
    }

    /** The attack of issue 14: a DeleteRequested sent to restore.requests must never reach the restore handler. */
    @Test
    void anEventOnATopicItDoesNotBelongOnIsDeadLetteredAndTheConsumerCarriesOn(KafkaBroker broker) throws Exception {
        String topic = Topics.RESTORE_REQUESTS;
        createWithDlq(broker, topic);
        CloudEvent<DeleteRequested> misrouted = CODEC.create("/test/inbound-events-it", "backup-1",
                sampleData("delete-requested", DeleteRequested.class));
        CloudEvent<RestoreRequested> good = CODEC.create("/test/inbound-events-it", "restore-1",
                sampleData("restore-requested", RestoreRequested.class));
        byte[] misroutedBytes = CODEC.encode(misrouted);

        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "kafka.bootstrap.servers", broker.bootstrapServers(),
                "recording-listener.topic", topic), "support-it");
             KafkaProducer<byte[], byte[]> producer = broker.newProducer()) {
            List<String> offsets = send(producer, topic, List.of(misroutedBytes, CODEC.encode(good)));

            RecordingListener listener = context.getBean(RecordingListener.class);
            Await.until(TIMEOUT, () -> !handledWithId(listener, good.id()).isEmpty(),
                    "the good event after the misrouted one is handled");
            assertEquals(List.of(), handledWithId(listener, misrouted.id()), "the handler never sees the misrouted event");

            ConsumerRecord<byte[], byte[]> dead = deadLetters(broker, topic, offsets, 1).get(0);
            assertDeadLetter(dead, misroutedBytes, "WRONG_TOPIC", topic, offsets.get(0));
            String message = header(dead, DeadLetterHeaders.ERROR_MESSAGE);
            assertTrue(message.contains("backstream.backup.delete-requested.v1") && message.contains(topic), message);
        }
    }

    /** Issue 14: an oversized type used to be copied into a DLQ header; now every header value is bounded. */
    @Test
    void aHugeTypeOrKeyIsDeadLetteredWithBoundedHeaders(KafkaBroker broker) throws Exception {
        String topic = Topics.BACKUP_REQUESTS;
        createWithDlq(broker, topic);
        CloudEvent<BackupRequested> valid = CODEC.create("/test/inbound-events-it", "db-main", new BackupRequested(
                UniqueNames.id("backup"), "db-main", BackupType.FULL, null, "s3", null, null, null,
                "inbound-events-it", null, null, Instant.parse("2026-11-21T10:00:00Z")));
        String validJson = new String(CODEC.encode(valid), StandardCharsets.UTF_8);
        byte[] hugeType = validJson.replace("backstream.backup.requested.v1", "backstream." + "a".repeat(100_000))
                .getBytes(StandardCharsets.UTF_8);

        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "kafka.bootstrap.servers", broker.bootstrapServers(),
                "recording-listener.topic", topic), "support-it");
             KafkaProducer<byte[], byte[]> producer = broker.newProducer()) {
            List<String> offsets = send(producer, topic, List.of(hugeType));
            RecordMetadata longKey = producer.send(new ProducerRecord<>(topic, key("k".repeat(10_000)),
                    CODEC.encode(valid))).get();
            offsets = new ArrayList<>(offsets);
            offsets.add(longKey.partition() + "@" + longKey.offset());
            // a handler failure whose message repeats 100 kB of input
            ConsumerRecord<String, byte[]> source = new ConsumerRecord<>(topic, 0, 1L << 40, "db-main", hugeType);
            context.getBean(DeadLetterPublisher.class).send(source, DeadLetterHeaders.REASON_PROCESSING,
                    new IllegalStateException("cannot apply " + "x".repeat(100_000)));
            offsets.add("0@" + (1L << 40));

            List<ConsumerRecord<byte[], byte[]>> dead = deadLetters(broker, topic, offsets, 3);
            assertEquals("INVALID", header(dead.get(0), DeadLetterHeaders.REASON));
            assertEquals("INVALID", header(dead.get(1), DeadLetterHeaders.REASON));
            assertTrue(header(dead.get(1), DeadLetterHeaders.ERROR_MESSAGE).contains("record key has 10000 characters"));
            for (ConsumerRecord<byte[], byte[]> letter : dead) {
                for (Header header : letter.headers()) {
                    if (header.key().startsWith("bs-dlq-")) {
                        String value = new String(header.value(), StandardCharsets.UTF_8);
                        assertTrue(value.length() <= DeadLetterHeaders.MAX_VALUE_LENGTH,
                                header.key() + " has " + value.length() + " characters");
                    }
                }
            }
            assertTrue(header(dead.get(2), DeadLetterHeaders.ERROR_MESSAGE).endsWith(BoundedText.CUT_MARK));
            assertArrayEquals(hugeType, dead.get(0).value(), "the original bytes are kept");
        }
    }

    /**
     * A second event reusing a handled event's type and id with another payload is not taken for the first: it is
     * dead-lettered and counted. An event of another type with the same id is a different event and is handled.
     */
    @Test
    void aReusedIdWithAnotherPayloadIsDeadLetteredAndCountedAndTheTypeIsPartOfTheKey(KafkaBroker broker)
            throws Exception {
        String topic = Topics.BACKUP_EVENTS;
        createWithDlq(broker, topic);
        String id = UniqueNames.id("event");
        String backupId = UniqueNames.id("backup");
        Instant at = Instant.parse("2026-11-21T10:00:00Z");
        CloudEvent<SnapshotStarted> first = CODEC.create(id, at, "/test", backupId, new SnapshotStarted(backupId,
                "db-main", TargetKind.DIRECTORY, "w-1", BackupType.FULL, null, Compression.ZSTD, "s3", null, at));
        CloudEvent<SnapshotStarted> stranger = CODEC.create(id, at, "/test", backupId, new SnapshotStarted(backupId,
                "other-target", TargetKind.DIRECTORY, "w-1", BackupType.FULL, null, Compression.ZSTD, "s3", null, at));
        CloudEvent<SnapshotFailed> otherType = CODEC.create(id, at, "/test", backupId, new SnapshotFailed(backupId,
                "db-main", "w-1", "disk full", at));
        byte[] strangerBytes = CODEC.encode(stranger);

        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "kafka.bootstrap.servers", broker.bootstrapServers(),
                "recording-listener.topic", topic), "support-it");
             KafkaProducer<byte[], byte[]> producer = broker.newProducer()) {
            List<String> offsets = send(producer, topic, List.of(CODEC.encode(first), strangerBytes,
                    CODEC.encode(first), CODEC.encode(otherType)));
            RecordingListener listener = context.getBean(RecordingListener.class);
            Await.until(TIMEOUT, () -> listener.processed.containsAll(offsets), "all four records are processed");

            assertEquals(List.of(first, otherType), handledWithId(listener, id),
                    "the first is handled once, the stranger never, the other type as an event of its own");
            ConsumerRecord<byte[], byte[]> dead = deadLetters(broker, topic, offsets, 1).get(0);
            assertEquals(offsets.get(1), position(dead));
            assertEquals(DeadLetterHeaders.REASON_CONFLICTING_DUPLICATE, header(dead, DeadLetterHeaders.REASON));
            assertArrayEquals(strangerBytes, dead.value());
            assertEquals(1.0, context.getBean(MeterRegistry.class).get("backstream.events.conflicting.duplicates")
                    .tag("topic", topic).counter().count());
        }
    }

    private static void createWithDlq(KafkaBroker broker, String topic) {
        Topics.TopicSpec spec = Topics.spec(topic);
        broker.createTopic(topic, spec.partitions(), spec.configs());
        Topics.TopicSpec dlq = Topics.dlqSpec(topic);
        broker.createTopic(dlq.name(), dlq.partitions(), dlq.configs());
    }

    /** Sends the values in order with one key (so to one partition) and returns their {@code partition@offset}. */
    private static List<String> send(KafkaProducer<byte[], byte[]> producer, String topic, List<byte[]> values)
            throws Exception {
        List<String> positions = new ArrayList<>();
        for (byte[] value : values) {
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, key("db-main"), value);
            record.headers().add("traceparent", key("00-trace"));
            RecordMetadata sent = producer.send(record).get();
            positions.add(sent.partition() + "@" + sent.offset());
        }
        return positions;
    }

    /** The dead letters of the records at {@code positions} of {@code topic}, in source order. */
    private static List<ConsumerRecord<byte[], byte[]>> deadLetters(KafkaBroker broker, String topic,
                                                                   List<String> positions, int expected) {
        List<ConsumerRecord<byte[], byte[]>> dead = broker.readUntil(Topics.dlq(topic),
                records -> ofOurs(records, positions).size() >= expected, TIMEOUT);
        List<ConsumerRecord<byte[], byte[]>> mine = ofOurs(dead, positions);
        assertEquals(expected, mine.size());
        return mine;
    }

    private static List<ConsumerRecord<byte[], byte[]>> ofOurs(List<ConsumerRecord<byte[], byte[]>> records,
                                                              List<String> positions) {
        return records.stream()
                .filter(record -> positions.contains(position(record)))
                .sorted(Comparator.comparingInt(record -> positions.indexOf(position(record))))
                .toList();
    }

    private static String position(ConsumerRecord<byte[], byte[]> dead) {
        return header(dead, DeadLetterHeaders.SOURCE_PARTITION) + "@" + header(dead, DeadLetterHeaders.SOURCE_OFFSET);
    }

    private static List<CloudEvent<?>> handledWithId(RecordingListener listener, String id) {
        return listener.handled.stream().filter(event -> event.id().equals(id)).toList();
    }

    private static <T> T sampleData(String name, Class<T> type) throws Exception {
        try (InputStream in = InboundEventsIT.class.getResourceAsStream("/samples/v1/" + name + ".json")) {
            assertNotNull(in, "no frozen sample " + name);
            return CODEC.decode(in.readAllBytes(), type).data();
        }
    }

    private static void assertDeadLetter(ConsumerRecord<byte[], byte[]> dead, byte[] original, String reason,
                                         String sourceTopic, String sourcePosition) {
        assertArrayEquals(original, dead.value(), "the original bytes are kept");
        assertArrayEquals(key("db-main"), dead.key());
        assertEquals(reason, header(dead, DeadLetterHeaders.REASON));
        assertEquals(sourceTopic, header(dead, DeadLetterHeaders.SOURCE_TOPIC));
        assertEquals(sourcePosition, position(dead));
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
