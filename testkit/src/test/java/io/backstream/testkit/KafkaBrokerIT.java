package io.backstream.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    @Test
    void recordsUpTo8MiBSurviveAKillRestartAndANewStartOnTheSameDataDir() throws Exception {
        String topic = UniqueNames.topic("testkit.chunks");
        byte[] big = new byte[8 * 1024 * 1024];
        new Random(42).nextBytes(big);
        // an own broker, not the shared one: this test kills it
        try (KafkaBroker broker = KafkaBroker.start(dataDir, 0)) {
            broker.createTopic(topic, 1, Map.of("max.message.bytes", Integer.toString(KafkaBroker.MAX_MESSAGE_BYTES)));
            broker.createTopic(topic, 1, Map.of());

            List<byte[]> values = List.of(bytes("first"), big, bytes("third"));
            try (KafkaProducer<byte[], byte[]> producer = broker.newProducer()) {
                for (int i = 0; i < values.size(); i++) {
                    producer.send(new ProducerRecord<>(topic, bytes("key-" + i), values.get(i))).get();
                }
            }
            assertRecords(values, broker.readUntil(topic, records -> records.size() >= 3, TIMEOUT));

            String before = broker.bootstrapServers();
            broker.killHard();
            assertFalse(broker.isRunning());
            broker.restart();
            assertTrue(broker.isRunning());
            assertEquals(before, broker.bootstrapServers());

            assertRecords(values, broker.readUntil(topic, records -> records.size() >= 3, TIMEOUT));
            try (KafkaProducer<byte[], byte[]> producer = broker.newProducer()) {
                producer.send(new ProducerRecord<>(topic, bytes("key-3"), bytes("after restart"))).get();
            }
            List<ConsumerRecord<byte[], byte[]>> all = broker.readUntil(topic, records -> records.size() >= 4, TIMEOUT);
            assertEquals(4, all.size());
            assertArrayEquals(bytes("after restart"), all.get(3).value());
        }

        try (KafkaBroker again = KafkaBroker.start(dataDir, 0)) {
            List<ConsumerRecord<byte[], byte[]>> all = again.readUntil(topic, records -> records.size() >= 4, TIMEOUT);
            assertEquals(4, all.size());
            assertArrayEquals(big, all.get(1).value());
        }
    }

    @Test
    void sharedBrokerIsOneInstanceAndAnswers() {
        KafkaBroker broker = KafkaBroker.shared();
        assertTrue(broker == KafkaBroker.shared());
        String topic = UniqueNames.topic("testkit.shared");
        broker.createTopic(topic, 3, Map.of());
        assertEquals(3, KafkaTestClients.consumer(broker.bootstrapServers()).partitionsFor(topic, TIMEOUT).size());
    }

    private static void assertRecords(List<byte[]> expected, List<ConsumerRecord<byte[], byte[]>> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(bytes("key-" + i), actual.get(i).key());
            assertArrayEquals(expected.get(i), actual.get(i).value(), "value of record " + i);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
