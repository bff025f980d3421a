package io.backstream.support.messaging;

import io.backstream.schema.BackupType;
import io.backstream.schema.CloudEvent;
import io.backstream.schema.DeadLetterHeaders;
import io.backstream.schema.EventCodec;
import io.backstream.schema.Topics;
import io.backstream.schema.event.BackupRequested;
import io.backstream.testkit.Await;
import io.backstream.testkit.BackstreamInfrastructure;
import io.backstream.testkit.KafkaBroker;
import io.backstream.testkit.UniqueNames;
import io.micronaut.context.ApplicationContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A handler failure that waiting does not cure ends on the DLQ with reason PROCESSING after the configured tries,
 * and the next record is handled; an outage blocks the consumer until it passes and dead-letters nothing.
 */
@ExtendWith(BackstreamInfrastructure.class)
class ProcessingFailuresIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final EventCodec CODEC = new EventCodec();
    private static final String TOPIC = Topics.BACKUP_REQUESTS;

    @Test
    void aBrokenInvariantIsDeadLetteredAsProcessingAfterThreeTriesAndTheNextRecordIsHandled(KafkaBroker broker)
            throws Exception {
        createWithDlq(broker);
        CloudEvent<BackupRequested> poison = request("invariant");
        CloudEvent<BackupRequested> good = request("good");
        byte[] poisonBytes = CODEC.encode(poison);
        try (ApplicationContext context = start(broker);
             KafkaProducer<byte[], byte[]> producer = broker.newProducer()) {
            String position = send(producer, poisonBytes);
            send(producer, CODEC.encode(good));

            FlakyListener listener = context.getBean(FlakyListener.class);
            Await.until(TIMEOUT, () -> listener.handled.stream().anyMatch(e -> e.id().equals(good.id())),
                    "the record after the poisonous one is handled");
            assertEquals(3, listener.attempts.get(poison.id()).get(), "tried backstream.consumer.processing-attempts times");
            assertTrue(listener.handled.stream().noneMatch(e -> e.id().equals(poison.id())));

            List<ConsumerRecord<byte[], byte[]>> dlq = broker.readUntil(Topics.dlq(TOPIC),
                    records -> records.stream().anyMatch(r -> position(r).equals(position)), TIMEOUT);
            ConsumerRecord<byte[], byte[]> dead = dlq.stream().filter(r -> position(r).equals(position)).findFirst()
                    .orElseThrow();
            assertArrayEquals(poisonBytes, dead.value(), "the original bytes are kept");
            assertEquals(DeadLetterHeaders.REASON_PROCESSING, header(dead, DeadLetterHeaders.REASON));
            assertEquals(IllegalStateException.class.getName(), header(dead, DeadLetterHeaders.ERROR_CLASS));
            assertTrue(header(dead, DeadLetterHeaders.ERROR_MESSAGE).contains("breaks an invariant"));
        }
    }

    @Test
    void anOutageBlocksAndRetriesUntilItPassesAndDeadLettersNothing(KafkaBroker broker) throws Exception {
        createWithDlq(broker);
        // more failed tries than the listener's retries and the processing attempts together
        CloudEvent<BackupRequested> blocked = request("outage-7");
        CloudEvent<BackupRequested> next = request("good");
        try (ApplicationContext context = start(broker);
             KafkaProducer<byte[], byte[]> producer = broker.newProducer()) {
            String position = send(producer, CODEC.encode(blocked));
            send(producer, CODEC.encode(next));

            FlakyListener listener = context.getBean(FlakyListener.class);
            Await.until(TIMEOUT, () -> listener.handled.stream().anyMatch(e -> e.id().equals(next.id())),
                    "the records are handled once the outage is over");
            assertEquals(List.of(blocked.id(), next.id()), listener.handled.stream().map(CloudEvent::id)
                    .filter(id -> id.equals(blocked.id()) || id.equals(next.id())).toList(),
                    "in order, the blocked one first");
            assertEquals(8, listener.attempts.get(blocked.id()).get());
            // a dead letter is written before the consumer moves on, so it would be there by now
            assertTrue(wholeTopic(broker, Topics.dlq(TOPIC)).stream().noneMatch(r -> position(r).equals(position)),
                    "the blocked record was not dead-lettered");
        }
    }

    private static ApplicationContext start(KafkaBroker broker) {
        return ApplicationContext.run(Map.of(
                "kafka.bootstrap.servers", broker.bootstrapServers(),
                "backstream.consumer.processing-retry-delay", "20ms",
                "flaky-listener.topic", TOPIC), "support-it");
    }

    private static CloudEvent<BackupRequested> request(String behaviour) {
        String backupId = UniqueNames.id("backup");
        return CODEC.create("/test/processing-failures-it", backupId, new BackupRequested(backupId, "db-main",
                BackupType.FULL, null, "s3", null, null, null, behaviour, null, null,
                Instant.parse("2026-11-21T10:00:00Z")));
    }

    private static void createWithDlq(KafkaBroker broker) {
        Topics.TopicSpec spec = Topics.spec(TOPIC);
        broker.createTopic(TOPIC, spec.partitions(), spec.configs());
        Topics.TopicSpec dlq = Topics.dlqSpec(TOPIC);
        broker.createTopic(dlq.name(), dlq.partitions(), dlq.configs());
    }

    /** Sends with one key (so to one partition, in order); returns {@code partition@offset}. */
    private static String send(KafkaProducer<byte[], byte[]> producer, byte[] value) throws Exception {
        RecordMetadata sent = producer.send(new ProducerRecord<>(TOPIC, "db-main".getBytes(StandardCharsets.UTF_8),
                value)).get();
        return sent.partition() + "@" + sent.offset();
    }

    private static List<ConsumerRecord<byte[], byte[]>> wholeTopic(KafkaBroker broker, String topic)
            throws Exception {
        long total;
        try (Admin admin = broker.newAdmin()) {
            Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(List.of(topic)).allTopicNames().get()
                    .get(topic).partitions().stream()
                    .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
            total = admin.listOffsets(latest).all().get().values().stream()
                    .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
        }
        return broker.readUntil(topic, records -> records.size() >= total, TIMEOUT);
    }

    private static String position(ConsumerRecord<byte[], byte[]> dead) {
        return header(dead, DeadLetterHeaders.SOURCE_PARTITION) + "@" + header(dead, DeadLetterHeaders.SOURCE_OFFSET);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
