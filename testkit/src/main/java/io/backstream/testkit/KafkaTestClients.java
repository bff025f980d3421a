package io.backstream.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Raw {@code byte[]} Kafka clients sized for 8 MiB chunk records, for tests. */
public final class KafkaTestClients {

    private static final int FETCH_MAX_BYTES = 64 * 1024 * 1024;

    private KafkaTestClients() {
    }

    /**
     * A producer with {@code acks=all}, idempotence and {@code max.request.size} of
     * {@link KafkaBroker#MAX_MESSAGE_BYTES}. The caller closes it.
     */
    public static KafkaProducer<byte[], byte[]> producer(String bootstrapServers) {
        return producer(bootstrapServers, Map.of());
    }

    /**
     * {@link #producer(String)} with {@code extra} client properties on top, such as the SASL ones
     * of {@link KafkaBroker#clientProperties}.
     */
    public static KafkaProducer<byte[], byte[]> producer(String bootstrapServers, Map<String, ?> extra) {
        return new KafkaProducer<>(merge(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, KafkaBroker.MAX_MESSAGE_BYTES,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 4L * KafkaBroker.MAX_MESSAGE_BYTES,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class), extra));
    }

    /**
     * A consumer without a group (nothing is committed), for {@code assign}/{@code seek} use.
     * Fetch sizes allow several 8 MiB records per poll. The caller closes it.
     */
    public static KafkaConsumer<byte[], byte[]> consumer(String bootstrapServers) {
        return consumer(bootstrapServers, Map.of());
    }

    /** {@link #consumer(String)} with {@code extra} client properties on top. */
    public static KafkaConsumer<byte[], byte[]> consumer(String bootstrapServers, Map<String, ?> extra) {
        return new KafkaConsumer<>(merge(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, FETCH_MAX_BYTES,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, FETCH_MAX_BYTES,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class), extra));
    }

    /**
     * Reads every partition of {@code topic} from the beginning and returns all records read once
     * {@code done} holds for them (records in partition order, partitions interleaved as fetched).
     *
     * @throws AssertionError if {@code done} does not hold within {@code timeout}
     */
    public static List<ConsumerRecord<byte[], byte[]>> readUntil(
            String bootstrapServers, String topic, Predicate<List<ConsumerRecord<byte[], byte[]>>> done,
            Duration timeout) {
        return readUntil(bootstrapServers, Map.of(), topic, done, timeout);
    }

    /** {@link #readUntil(String, String, Predicate, Duration)} with {@code extra} consumer properties. */
    public static List<ConsumerRecord<byte[], byte[]>> readUntil(
            String bootstrapServers, Map<String, ?> extra, String topic,
            Predicate<List<ConsumerRecord<byte[], byte[]>>> done, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers, extra)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            return Await.untilPresent(timeout, () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return done.test(records) ? Optional.of(List.copyOf(records)) : Optional.empty();
            }, "records read from " + topic + " to satisfy the condition");
        }
    }

    /** Reads {@code topic} from the beginning until at least {@code count} records are there. */
    public static List<ConsumerRecord<byte[], byte[]>> readAtLeast(
            String bootstrapServers, String topic, int count, Duration timeout) {
        return readUntil(bootstrapServers, topic, records -> records.size() >= count, timeout);
    }

    private static Map<String, Object> merge(Map<String, Object> base, Map<String, ?> extra) {
        Map<String, Object> merged = new HashMap<>(base);
        merged.putAll(extra);
        return merged;
    }
}
