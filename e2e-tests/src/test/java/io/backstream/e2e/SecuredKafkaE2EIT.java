package io.backstream.e2e;

import io.backstream.schema.EventCodec;
import io.backstream.schema.Topics;
import io.backstream.schema.event.DeleteRequested;
import io.backstream.schema.event.RestoreRequested;
import io.backstream.testkit.KafkaBroker;
import io.backstream.testkit.KafkaTestClients;
import io.backstream.testkit.TreeFixtures;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every service on a SASL/SCRAM-SHA-512 broker with the KRaft {@code StandardAuthorizer}, each as its own
 * principal with exactly the ACLs {@code docs/security.md} lists (read from that file, so the documentation is
 * what is tested): a backup, a restore, a verification and a delete complete, and a principal without those
 * ACLs is refused by the broker.
 */
class SecuredKafkaE2EIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final EventCodec CODEC = new EventCodec();
    private static final Pattern ACL_LINE = Pattern.compile("^kafka-acls\\.sh \\$ADMIN --add (.+)$", Pattern.MULTILINE);

    private static Path work;
    private static Path source;
    private static KafkaBroker broker;
    private static Stack stack;

    @BeforeAll
    static void startEverything() throws Exception {
        work = Files.createDirectories(Path.of("target", "e2e-secured").toAbsolutePath()
                .resolve(Long.toString(System.currentTimeMillis())));
        source = TreeFixtures.generate(work.resolve("source"), 4L * 1024 * 1024);
        // restore-svc refuses links that leave the destination (restore-svc's own tests prove it)
        Files.delete(source.resolve("data/abs-link"));
        Path small = Files.createDirectories(work.resolve("small"));
        Files.writeString(small.resolve("one.txt"), "one\n");
        broker = KafkaBroker.startSecured(work.resolve("kafka"));
        Map<String, Map<String, Object>> clients = new LinkedHashMap<>();
        for (Acl acl : documentedAcls()) {
            clients.computeIfAbsent(acl.principal(), principal -> {
                String password = UUID.randomUUID().toString();
                broker.addUser(principal, password);
                return broker.clientProperties(principal, password);
            });
            broker.allow(acl.principal(), acl.resource(), acl.operations().toArray(AclOperation[]::new));
        }
        assertEquals(List.of("scheduler-svc", "snapshot-worker", "uploader-svc", "catalog-svc", "restore-svc"),
                List.copyOf(clients.keySet()), "docs/security.md lists one principal per service");
        stack = new Stack(work, source, small, broker, clients);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (stack != null) {
            stack.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void backupRestoreVerifyAndDeleteRunWithTheDocumentedAclsAndAStrangerIsRefused() throws Exception {
        Stack.Response backup = stack.requestBackup(Stack.TARGET, true, TIMEOUT);
        assertEquals(200, backup.status(), backup.text());
        assertEquals("COMPLETED", backup.json().get("status").asText(), backup.text());
        String backupId = backup.json().get("backupId").asText();
        stack.awaitCatalog("/v1/backups/" + backupId, "COMPLETED", TIMEOUT);

        Path destination = stack.restoreRoot.resolve("secured");
        Stack.Response restore = stack.call("restore-svc", "POST", "/v1/restores", "{\"backupId\":\"" + backupId
                + "\",\"destination\":{\"kind\":\"DIRECTORY\",\"path\":\"" + destination + "\"}}");
        assertEquals(202, restore.status(), restore.text());
        stack.awaitCatalog("/v1/restores/" + restore.json().at("/data/restoreId").asText(), "COMPLETED", TIMEOUT);
        Files.delete(destination.resolve("restore.done"));
        TreeFixtures.assertSameTree(source, destination);

        Stack.Response verify = stack.call("restore-svc", "POST", "/v1/restores",
                "{\"backupId\":\"" + backupId + "\",\"verifyOnly\":true}");
        assertEquals(202, verify.status(), verify.text());
        stack.awaitCatalog("/v1/restores/" + verify.json().at("/data/restoreId").asText(), "COMPLETED", TIMEOUT);

        Stack.Response delete = stack.call("catalog-svc", "DELETE", "/v1/backups/" + backupId, null);
        assertEquals(202, delete.status(), delete.text());
        stack.awaitCatalog("/v1/backups/" + backupId, "DELETED", TIMEOUT);

        String password = UUID.randomUUID().toString();
        broker.addUser("stranger", password);
        try (KafkaProducer<byte[], byte[]> stranger = KafkaTestClients.producer(broker.bootstrapServers(),
                broker.clientProperties("stranger", password))) {
            String restoreId = UUID.randomUUID().toString();
            RestoreRequested forgedRestore = new RestoreRequested(restoreId, backupId, null, null, null, false,
                    List.of(), true, "stranger", Instant.now());
            assertRefused(stranger, Topics.RESTORE_REQUESTS, restoreId, CODEC.encode(CODEC.create("/stranger",
                    restoreId, forgedRestore)));
            DeleteRequested forgedDelete = new DeleteRequested(backupId, "s3", "k", "k.manifest.json", "stranger",
                    "stranger", Instant.now());
            assertRefused(stranger, Topics.BACKUP_DELETIONS, backupId, CODEC.encode(CODEC.create("/stranger",
                    backupId, forgedDelete)));
        }
    }

    private static void assertRefused(KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value) {
        ExecutionException refused = assertThrows(ExecutionException.class, () -> producer.send(
                new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get(60, TimeUnit.SECONDS),
                "the broker refuses a principal without ACLs on " + topic);
        assertInstanceOf(TopicAuthorizationException.class, refused.getCause(), refused.toString());
    }

    /** One documented {@code kafka-acls.sh --add} line. */
    private record Acl(String principal, ResourcePattern resource, List<AclOperation> operations) {
    }

    /** The {@code kafka-acls.sh} lines between the kafka-acls markers of docs/security.md. */
    private static List<Acl> documentedAcls() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "security.md"));
        String block = doc.substring(doc.indexOf("<!-- kafka-acls: begin -->"),
                doc.indexOf("<!-- kafka-acls: end -->"));
        List<Acl> acls = new ArrayList<>();
        Matcher line = ACL_LINE.matcher(block);
        while (line.find()) {
            acls.add(parse(line.group(1).trim().split("\\s+")));
        }
        assertTrue(acls.size() > 20, "docs/security.md lists the ACLs: " + acls.size());
        return acls;
    }

    private static Acl parse(String[] words) {
        String principal = null;
        List<AclOperation> operations = new ArrayList<>();
        ResourceType type = null;
        String name = null;
        PatternType pattern = PatternType.LITERAL;
        for (int i = 0; i < words.length; i++) {
            switch (words[i]) {
                case "--allow-principal" -> principal = words[++i].substring("User:".length());
                case "--operation" -> operations.add(operation(words[++i]));
                case "--topic" -> { type = ResourceType.TOPIC; name = words[++i]; }
                case "--group" -> { type = ResourceType.GROUP; name = words[++i]; }
                case "--cluster" -> { type = ResourceType.CLUSTER; name = "kafka-cluster"; }
                case "--resource-pattern-type" -> pattern = PatternType.fromString(words[++i].toUpperCase(Locale.ROOT));
                default -> throw new IllegalArgumentException("docs/security.md: unknown kafka-acls.sh word "
                        + words[i]);
            }
        }
        assertTrue(principal != null && type != null && !operations.isEmpty(), String.join(" ", words));
        return new Acl(principal, new ResourcePattern(type, name, pattern), operations);
    }

    /** {@code DescribeConfigs} is the kafka-acls.sh spelling of {@code DESCRIBE_CONFIGS}. */
    private static AclOperation operation(String word) {
        return AclOperation.fromString(word.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
    }
}
