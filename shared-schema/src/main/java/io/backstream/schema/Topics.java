package io.backstream.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Every Kafka topic of Backstream with its record key, partition count and topic configs.
 * Services create topics from {@link #all()} and their dead-letter twins from {@link #dlqSpec(String)}.
 */
public final class Topics {

    public static final String BACKUP_REQUESTS = "backup.requests";
    public static final String BACKUP_CHUNKS = "backup.chunks";
    public static final String BACKUP_EVENTS = "backup.events";
    public static final String BACKUP_TARGETS = "backup.targets";
    public static final String BACKUP_POLICIES = "backup.policies";
    public static final String RESTORE_REQUESTS = "restore.requests";
    public static final String RESTORE_EVENTS = "restore.events";
    public static final String BACKUP_DELETIONS = "backup.deletions";

    /** Suffix of every dead-letter topic. */
    public static final String DLQ_SUFFIX = ".dlq";

    /**
     * Longest record key consumers accept, in characters. Every topic is keyed by an id (backup, target, policy,
     * restore), and no id is longer in any schema.
     */
    public static final int MAX_KEY_LENGTH = 256;

    /** Largest chunk record the chunk topic (and its DLQ) accepts: 16 MiB. */
    public static final int CHUNK_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private static final long DAY_MS = 24L * 60 * 60 * 1000;
    private static final String CHUNK_RETENTION_MS = Long.toString(7 * DAY_MS);
    private static final String EVENT_RETENTION_MS = Long.toString(30 * DAY_MS);
    private static final String DLQ_RETENTION_MS = Long.toString(30 * DAY_MS);

    /**
     * A topic definition.
     *
     * @param name       topic name
     * @param key        what the record key holds, e.g. {@code targetId}
     * @param partitions partition count to create the topic with
     * @param configs    topic-level configs to create the topic with (immutable)
     */
    public record TopicSpec(String name, String key, int partitions, Map<String, String> configs) {
        public TopicSpec {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(key, "key");
            configs = Map.copyOf(configs);
        }
    }

    private static final List<TopicSpec> ALL = List.of(
            new TopicSpec(BACKUP_REQUESTS, "targetId", 6, Map.of("retention.ms", EVENT_RETENTION_MS)),
            new TopicSpec(BACKUP_CHUNKS, "backupId", 6, Map.of(
                    "max.message.bytes", Integer.toString(CHUNK_MAX_MESSAGE_BYTES),
                    "retention.ms", CHUNK_RETENTION_MS)),
            new TopicSpec(BACKUP_EVENTS, "backupId", 6, Map.of("retention.ms", EVENT_RETENTION_MS)),
            new TopicSpec(BACKUP_TARGETS, "targetId", 3, Map.of("cleanup.policy", "compact")),
            new TopicSpec(BACKUP_POLICIES, "policyId", 1, Map.of("cleanup.policy", "compact")),
            new TopicSpec(RESTORE_REQUESTS, "restoreId", 3, Map.of("retention.ms", EVENT_RETENTION_MS)),
            new TopicSpec(RESTORE_EVENTS, "restoreId", 3, Map.of("retention.ms", EVENT_RETENTION_MS)),
            new TopicSpec(BACKUP_DELETIONS, "backupId", 3, Map.of("retention.ms", EVENT_RETENTION_MS)));

    private Topics() {
    }

    /** Every primary topic (not the DLQs), in a stable order. */
    public static List<TopicSpec> all() {
        return ALL;
    }

    /** Every primary topic followed by its DLQ. */
    public static List<TopicSpec> allWithDlqs() {
        return ALL.stream()
                .flatMap(spec -> Stream.of(spec, dlqSpec(spec.name())))
                .toList();
    }

    /**
     * The spec of a primary topic or of a DLQ ({@code <topic>.dlq}).
     *
     * @throws IllegalArgumentException for a name that is not a Backstream topic
     */
    public static TopicSpec spec(String name) {
        if (name != null && name.endsWith(DLQ_SUFFIX)) {
            return dlqSpec(name.substring(0, name.length() - DLQ_SUFFIX.length()));
        }
        return ALL.stream()
                .filter(spec -> spec.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Not a Backstream topic: " + name));
    }

    /** Name of the dead-letter topic of {@code topic}: {@code topic + ".dlq"}. */
    public static String dlq(String topic) {
        return topic + DLQ_SUFFIX;
    }

    /**
     * The DLQ of a primary topic: same key and partitions, 30 days retention, delete cleanup (records are
     * the original bytes, so compaction makes no sense) and the same {@code max.message.bytes} as the source.
     *
     * @throws IllegalArgumentException if {@code topic} is not a primary Backstream topic
     */
    public static TopicSpec dlqSpec(String topic) {
        TopicSpec source = spec(topic);
        if (source.name().endsWith(DLQ_SUFFIX)) {
            throw new IllegalArgumentException("A DLQ has no DLQ: " + topic);
        }
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put("cleanup.policy", "delete");
        configs.put("retention.ms", DLQ_RETENTION_MS);
        String maxBytes = source.configs().get("max.message.bytes");
        if (maxBytes != null) {
            configs.put("max.message.bytes", maxBytes);
        }
        return new TopicSpec(dlq(source.name()), source.key(), source.partitions(), configs);
    }
}
