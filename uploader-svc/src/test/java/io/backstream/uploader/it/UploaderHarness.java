package io.backstream.uploader.it;

import io.backstream.schema.CloudEvent;
import io.backstream.schema.EventCodec;
import io.backstream.schema.EventRejectedException;
import io.backstream.schema.Topics;
import io.backstream.testkit.KafkaBroker;
import io.backstream.testkit.S3Server;
import io.backstream.testkit.UniqueNames;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Starts the uploader against the test kit's broker and reads its events. */
final class UploaderHarness {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** Above S3's 5 MiB minimum part size, small enough to keep tests quick. */
    static final int CHUNK_SIZE = 5 * 1024 * 1024 + 512 * 1024;

    private static final EventCodec CODEC = new EventCodec();

    final KafkaBroker broker;
    final String topic = UniqueNames.topic("chunks-it");
    final String groupId = UniqueNames.id("uploader-it");
    final Path stateDir;

    UploaderHarness(KafkaBroker broker, Path stateDir, int partitions) {
        this.broker = broker;
        this.stateDir = stateDir;
        Map<String, String> configs = Map.of("max.message.bytes", Integer.toString(KafkaBroker.MAX_MESSAGE_BYTES));
        broker.createTopic(topic, partitions, configs);
        broker.createTopic(Topics.dlq(topic), 1, configs);
    }

    /** Properties of an S3 storage called {@code name} on the test kit's server. */
    static Map<String, Object> s3Storage(String name, S3Server s3, String bucket) {
        String p = "backstream.storages." + name + ".";
        return Map.of(p + "type", "s3", p + "bucket", bucket, p + "endpoint", s3.endpoint().toString(),
                p + "path-style", true, p + "region", s3.region(), p + "access-key", s3.accessKey(),
                p + "secret-key", s3.secretKey(), p + "prefix", "backups");
    }

    EmbeddedServer start(Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "micronaut.server.port", -1,
                "kafka.bootstrap.servers", broker.bootstrapServers(),
                "backstream.uploader.topic", topic,
                "backstream.uploader.group-id", groupId,
                "backstream.uploader.state-dir", stateDir.toString(),
                "backstream.uploader.record-retry-delay", "200ms",
                "backstream.uploader.retry-initial-delay", "10ms",
                "backstream.uploader.retry-max-delay", "50ms"));
        properties.putAll(extra);
        return ApplicationContext.run(EmbeddedServer.class, properties);
    }

    /** The first outcome event ({@code UploadCompleted} or {@code UploadFailed}) of a backup. */
    <T> T outcome(String backupId, Class<T> type) {
        List<ConsumerRecord<byte[], byte[]>> records = broker.readUntil(Topics.BACKUP_EVENTS,
                all -> find(all, backupId).isPresent(), TIMEOUT);
        Object data = find(records, backupId).orElseThrow().data();
        if (!type.isInstance(data)) {
            throw new AssertionError("expected " + type.getSimpleName() + " for " + backupId + " but got " + data);
        }
        return type.cast(data);
    }

    private static Optional<CloudEvent<?>> find(List<ConsumerRecord<byte[], byte[]>> records, String backupId) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (record.key() == null || !backupId.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                continue;
            }
            try {
                CloudEvent<?> event = CODEC.decode(record.value());
                if (event.type().startsWith("backstream.upload.")) {
                    return Optional.of(event);
                }
            } catch (EventRejectedException e) {
                // another service's test may have published anything; not ours
            }
        }
        return Optional.empty();
    }
}
