package io.backstream.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The secured broker of {@link KafkaBroker#startSecured}: SCRAM-SHA-512 users and ACLs enforced. */
class SecuredKafkaBrokerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String USER = "writer";
    private static final String PASSWORD = "writer-secret";

    @TempDir
    static Path dataDir;

    private static KafkaBroker broker;
    private static String allowedTopic;
    private static String otherTopic;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.startSecured(dataDir);
        allowedTopic = UniqueNames.topic("testkit.secured.allowed");
        otherTopic = UniqueNames.topic("testkit.secured.other");
        broker.createTopic(allowedTopic, 1, Map.of());
        broker.createTopic(otherTopic, 1, Map.of());
        broker.addUser(USER, PASSWORD);
        broker.allow(USER, new ResourcePattern(ResourceType.TOPIC, allowedTopic, PatternType.LITERAL), AclOperation.WRITE);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void aUserWithWriteOnATopicProducesToIt() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producerAs(PASSWORD)) {
            producer.send(new ProducerRecord<>(allowedTopic, bytes("k"), bytes("allowed"))).get(30, TimeUnit.SECONDS);
        }
        List<ConsumerRecord<byte[], byte[]>> records = broker.readUntil(allowedTopic, r -> !r.isEmpty(), TIMEOUT);
        assertEquals(1, records.size());
        assertArrayEquals(bytes("allowed"), records.get(0).value());
    }

    @Test
    void theSameUserIsRefusedOnATopicWithoutAcl() {
        try (KafkaProducer<byte[], byte[]> producer = producerAs(PASSWORD)) {
            ExecutionException refused = assertThrows(ExecutionException.class, () -> producer
                    .send(new ProducerRecord<>(otherTopic, bytes("k"), bytes("refused"))).get(30, TimeUnit.SECONDS));
            assertInstanceOf(TopicAuthorizationException.class, refused.getCause());
        }
        assertEquals(0, broker.readUntil(otherTopic, r -> true, TIMEOUT).size());
    }

    @Test
    void aWrongPasswordIsRefused() {
        try (KafkaProducer<byte[], byte[]> producer = producerAs("not-the-password")) {
            ExecutionException refused = assertThrows(ExecutionException.class, () -> producer
                    .send(new ProducerRecord<>(allowedTopic, bytes("k"), bytes("wrong"))).get(30, TimeUnit.SECONDS));
            assertInstanceOf(SaslAuthenticationException.class, refused.getCause());
        }
    }

    @Test
    void anUnauthenticatedPlaintextClientCannotTalkToTheBroker() {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000))) {
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> admin.listTopics().names().get(30, TimeUnit.SECONDS));
            assertInstanceOf(TimeoutException.class, refused.getCause());
        }
    }

    @Test
    void theBrokerLogShowsNoPassword() throws Exception {
        String log = Files.readString(broker.logFile(), StandardCharsets.UTF_8);
        assertFalse(log.contains(PASSWORD), "the user's password is in " + broker.logFile());
        // both the JAAS lines and the format-time --add-scram arguments spell it so
        assertFalse(log.contains("password="), "a super user's password is in " + broker.logFile());
    }

    private static KafkaProducer<byte[], byte[]> producerAs(String password) {
        Map<String, Object> config = new HashMap<>(broker.clientProperties(USER, password));
        // a refused metadata request must fail the send within the test, not after the default minute
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        return KafkaTestClients.producer(broker.bootstrapServers(), config);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
