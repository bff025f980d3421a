package io.backstream.ctl;

import io.backstream.schema.BackupType;
import io.backstream.schema.CloudEvent;
import io.backstream.schema.Compression;
import io.backstream.schema.DeadLetterHeaders;
import io.backstream.schema.EventCodec;
import io.backstream.schema.EventRejectedException;
import io.backstream.schema.EventType;
import io.backstream.schema.ObjectKeys;
import io.backstream.schema.TargetKind;
import io.backstream.schema.Topics;
import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.event.SnapshotFailed;
import io.backstream.schema.event.SnapshotStarted;
import io.backstream.schema.event.TargetAnnounced;
import io.backstream.schema.event.UploadCompleted;
import io.backstream.testkit.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

/** Plays the snapshot worker and the uploader: publishes their events, and reads what others published. */
final class Worker implements AutoCloseable {

    static final String WORKER_ID = "ctl-worker";
    static final String SHA = "cd".repeat(32);

    private final EventCodec codec = new EventCodec();
    private final KafkaBroker broker;
    private final KafkaProducer<byte[], byte[]> producer;
    private final String bucket;

    Worker(KafkaBroker broker, String bucket) {
        this.broker = broker;
        this.producer = broker.newProducer();
        this.bucket = bucket;
    }

    void announce(String targetId) {
        publish(new TargetAnnounced(targetId, WORKER_ID, TargetKind.DIRECTORY, "backupctl test target", now()));
    }

    /** A full run: started, snapshot completed (3 files, 1 chunk), upload completed; returns the archive key. */
    String complete(String backupId, String targetId, String policyId, long size) {
        Instant at = now();
        String key = ObjectKeys.archiveKey("", TargetKind.DIRECTORY, targetId, at, backupId, Compression.ZSTD);
        publish(new SnapshotStarted(backupId, targetId, TargetKind.DIRECTORY, WORKER_ID, BackupType.FULL, null,
                Compression.ZSTD, RunningServices.STORAGE, policyId, at));
        publish(new SnapshotCompleted(backupId, targetId, TargetKind.DIRECTORY, WORKER_ID, BackupType.FULL, null,
                Compression.ZSTD, null, RunningServices.STORAGE, policyId, 1, size * 2, size, SHA, 3, List.of(), at,
                at));
        publish(new UploadCompleted(backupId, targetId, RunningServices.STORAGE, bucket, key,
                ObjectKeys.manifestKey(key), size, SHA, "etag-1", 1, now()));
        return key;
    }

    void fail(String backupId, String targetId, String reason) {
        publish(new SnapshotStarted(backupId, targetId, TargetKind.DIRECTORY, WORKER_ID, BackupType.FULL, null,
                Compression.ZSTD, RunningServices.STORAGE, null, now()));
        publish(new SnapshotFailed(backupId, targetId, WORKER_ID, reason, now()));
    }

    /** Publishes {@code data} as a stranger with access to its topic would: schema-valid, but nobody's decision. */
    void forge(Object data) {
        publish(data);
    }

    /**
     * The {@code bs-dlq-reason} headers on {@code topic}.dlq of the records keyed {@code key}, waiting until there are
     * {@code count} of them.
     */
    List<String> deadLetterReasons(String topic, String key, int count, Duration timeout) {
        byte[] wanted = key.getBytes(StandardCharsets.UTF_8);
        List<String> reasons = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : broker.readUntil(Topics.dlq(topic),
                all -> all.stream().filter(r -> Arrays.equals(wanted, r.key())).count() >= count, timeout)) {
            Header reason = record.headers().lastHeader(DeadLetterHeaders.REASON);
            if (Arrays.equals(wanted, record.key()) && reason != null) {
                reasons.add(new String(reason.value(), StandardCharsets.UTF_8));
            }
        }
        return reasons;
    }

    /** The first event of {@code type} on its topic matching {@code filter}, waiting up to {@code timeout}. */
    <T> T await(Class<T> type, Predicate<T> filter, Duration timeout) {
        String topic = EventType.of(type).topic();
        List<ConsumerRecord<byte[], byte[]>> records = broker.readUntil(topic,
                all -> first(all, type, filter).isPresent(), timeout);
        return first(records, type, filter).orElseThrow();
    }

    private <T> Optional<T> first(List<ConsumerRecord<byte[], byte[]>> records, Class<T> type, Predicate<T> filter) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (record.value() == null) {
                continue;
            }
            try {
                Object data = codec.decode(record.value()).data();
                if (type.isInstance(data) && filter.test(type.cast(data))) {
                    return Optional.of(type.cast(data));
                }
            } catch (EventRejectedException e) {
                throw new AssertionError("invalid event on " + record.topic(), e);
            }
        }
        return Optional.empty();
    }

    private void publish(Object data) {
        EventType type = EventType.of(data.getClass());
        String key = type.key(data);
        CloudEvent<Object> event = codec.create(UUID.randomUUID().toString(), now(), "/backupctl-it", key, data);
        try {
            producer.send(new ProducerRecord<>(type.topic(), key.getBytes(StandardCharsets.UTF_8),
                    codec.encode(event))).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public void close() {
        producer.close();
    }
}
