package io.backstream.scheduler;

import io.backstream.schema.BackupType;
import io.backstream.schema.CloudEvent;
import io.backstream.schema.Compression;
import io.backstream.schema.EventCodec;
import io.backstream.schema.EventRejectedException;
import io.backstream.schema.EventType;
import io.backstream.schema.TargetKind;
import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.event.SnapshotStarted;
import io.backstream.schema.event.TargetAnnounced;
import io.backstream.schema.event.UploadCompleted;
import io.backstream.testkit.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

/** Plays the worker and uploader: publishes their events, and reads what the scheduler published. */
final class EventScript implements AutoCloseable {

    private static final String SHA = "ab".repeat(32);

    final EventCodec codec = new EventCodec();
    private final KafkaBroker broker;
    private final KafkaProducer<byte[], byte[]> producer;

    EventScript(KafkaBroker broker) {
        this.broker = broker;
        this.producer = broker.newProducer();
    }

    void announce(String targetId, Instant at) {
        publish(new TargetAnnounced(targetId, "worker-1", TargetKind.DIRECTORY, "test target", at), at);
    }

    void started(String backupId, String targetId, String policyId, Instant at) {
        publish(new SnapshotStarted(backupId, targetId, TargetKind.DIRECTORY, "worker-1", BackupType.FULL, null,
                Compression.ZSTD, "s3", policyId, at), at);
    }

    void snapshotCompleted(String backupId, String targetId, String policyId, Instant at) {
        publish(new SnapshotCompleted(backupId, targetId, TargetKind.DIRECTORY, "worker-1", BackupType.FULL, null,
                Compression.ZSTD, null, "s3", policyId, 1, 100, 50, SHA, 3, List.of(), at, at), at);
    }

    void uploadCompleted(String backupId, String targetId, Instant at) {
        publish(new UploadCompleted(backupId, targetId, "s3", "backstream", "k/" + backupId, "k/" + backupId
                + ".manifest.json", 50, SHA, "etag", 1, at), at);
    }

    void publish(Object data, Instant at) {
        EventType type = EventType.of(data.getClass());
        String key = type.key(data);
        CloudEvent<Object> event = codec.create(UUID.randomUUID().toString(), at, "/scheduler-it", key, data);
        try {
            producer.send(new ProducerRecord<>(type.topic(), key.getBytes(StandardCharsets.UTF_8), codec.encode(event)))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads {@code topic} until the decoded {@code type} events matching {@code filter} satisfy {@code done}. */
    <T> List<T> read(String topic, Class<T> type, Predicate<T> filter, Predicate<List<T>> done, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> records = broker.readUntil(topic,
                all -> done.test(decode(topic, all, type, filter)), timeout);
        return decode(topic, records, type, filter);
    }

    private <T> List<T> decode(String topic, List<ConsumerRecord<byte[], byte[]>> records, Class<T> type, Predicate<T> filter) {
        List<T> result = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (record.value() == null) {
                continue;
            }
            try {
                CloudEvent<?> event = codec.decode(record.value());
                if (type.isInstance(event.data()) && filter.test(type.cast(event.data()))) {
                    result.add(type.cast(event.data()));
                }
            } catch (EventRejectedException e) {
                throw new AssertionError("the scheduler published an invalid event on " + topic, e);
            }
        }
        return result;
    }

    @Override
    public void close() {
        producer.close();
    }
}
