package io.backstream.catalog;

import io.backstream.catalog.messaging.CatalogListener;
import io.backstream.catalog.messaging.RetentionEvaluator;
import io.backstream.catalog.messaging.StuckBackupSweeper;
import io.backstream.catalog.persistence.CatalogProjection;
import io.backstream.schema.BackupType;
import io.backstream.schema.CloudEvent;
import io.backstream.schema.Compression;
import io.backstream.schema.DeadLetterHeaders;
import io.backstream.schema.EventCodec;
import io.backstream.schema.EventType;
import io.backstream.schema.TargetKind;
import io.backstream.schema.Topics;
import io.backstream.schema.event.BackupDeleteFailed;
import io.backstream.schema.event.BackupDeleted;
import io.backstream.schema.event.BackupDiscovered;
import io.backstream.schema.event.DeleteRequested;
import io.backstream.schema.event.Policy;
import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.event.SnapshotStarted;
import io.backstream.schema.event.UploadCompleted;
import io.backstream.support.security.TestApiAccess;
import io.backstream.testkit.Await;
import io.backstream.testkit.KafkaBroker;
import io.backstream.testkit.ManualClock;
import io.backstream.testkit.Postgres;
import io.backstream.testkit.UniqueNames;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lifecycle events checked against the catalog on the real broker and a real PostgreSQL: an event that disagrees
 * with the record of its backup is dead-lettered with its reason and changes nothing; only the catalog's own
 * decisions (retention, {@code DELETE /v1/backups/{id}}) mark a backup DELETING; a partial delete is its own state
 * and retention finishes it.
 */
class LifecycleEventsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String SHA = "e".repeat(64);
    private static final EventCodec CODEC = new EventCodec();

    private static KafkaBroker broker;
    private static EmbeddedServer server;
    private static HttpClient http;
    private static BlockingHttpClient client;
    private static KafkaProducer<byte[], byte[]> producer;
    private static ManualClock clock;

    @BeforeAll
    static void start() {
        broker = KafkaBroker.shared();
        for (String topic : List.of(Topics.BACKUP_EVENTS, Topics.BACKUP_REQUESTS, Topics.BACKUP_DELETIONS,
                Topics.RESTORE_EVENTS, Topics.BACKUP_TARGETS, Topics.BACKUP_POLICIES)) {
            Topics.TopicSpec spec = Topics.spec(topic);
            broker.createTopic(topic, spec.partitions(), spec.configs());
        }
        Postgres postgres = Postgres.shared();
        String name = postgres.createUniqueDatabase("lifecycle");
        Map<String, Object> properties = new HashMap<>(Map.of(
                "datasources.default.url", postgres.jdbcUrl(name),
                "datasources.default.username", postgres.username(),
                "datasources.default.password", postgres.password(),
                "datasources.default.driver-class-name", "org.postgresql.Driver",
                "datasources.default.dialect", "POSTGRES"));
        properties.putAll(Map.of(
                "micronaut.server.port", -1,
                "kafka.bootstrap.servers", broker.bootstrapServers(),
                "backstream.catalog.sweep-interval", "500ms",
                "backstream.catalog.retention-interval", "1h",
                "backstream.catalog.progress-timeout", "3650d",
                "backstream.topics.retry-interval", "1s",
                "catalog-it.manual-clock", "true"));
        properties.putAll(TestApiAccess.properties());
        server = ApplicationContext.run(EmbeddedServer.class, properties);
        http = HttpClient.create(server.getURL());
        client = TestApiAccess.authorized(http.toBlocking());
        producer = broker.newProducer();
        clock = server.getApplicationContext().getBean(ManualClock.class);
    }

    @AfterAll
    static void stop() {
        producer.close();
        http.close();
        server.close();
    }

    @Test
    void eventsThatDisagreeWithACompletedBackupAreDeadLetteredAndChangeNothing() throws Exception {
        String target = UniqueNames.id("forged");
        String id = target + "-1";
        completed(id, target, null, clock.instant());
        Map<String, Object> before = awaitStatus(id, "COMPLETED");
        Instant t = clock.instant();

        Map<CloudEvent<?>, String> forged = new LinkedHashMap<>();
        forged.put(CODEC.create("/it", id, new UploadCompleted(id, target, "s3", "backstream", key(id),
                manifestKey(id), 100, "f".repeat(64), "etag", 1, t, null)), "checksum-mismatch");
        forged.put(CODEC.create("/it", id, new UploadCompleted(id, target, "gcs", "elsewhere", key(id),
                manifestKey(id), 100, SHA, "etag", 1, t, null)), "storage-mismatch");
        forged.put(CODEC.create("/it", id, new UploadCompleted(id, target, "s3", "backstream", "p/other.tar.zst",
                "p/other.tar.zst.manifest.json", 100, SHA, "etag", 1, t, null)), "key-mismatch");
        forged.put(CODEC.create("/it", id, new BackupDiscovered(id, target, TargetKind.DIRECTORY, BackupType.FULL,
                null, "s3", "p/other.tar.zst", "p/other.tar.zst.manifest.json", 100, SHA, 1, Compression.ZSTD, t)),
                "key-mismatch");
        forged.put(CODEC.create("/it", id, new BackupDeleted(id, "s3", key(id), t)), "not-deleting");
        forged.put(CODEC.create("/it", id, new BackupDeleteFailed(id, "s3", key(id), "forged", t,
                List.of(key(id)))), "not-deleting");
        // the real backup's id and its real keys, but not the catalog's decision
        forged.put(CODEC.create("/it", id, new DeleteRequested(id, "s3", key(id), manifestKey(id), "max-age",
                RetentionEvaluator.REQUESTED_BY, t)), "not-decided");

        for (Map.Entry<CloudEvent<?>, String> e : forged.entrySet()) {
            RecordMetadata sent = publish(e.getKey());
            ConsumerRecord<byte[], byte[]> dead = deadLetter(sent);
            assertEquals(e.getValue(), header(dead, DeadLetterHeaders.REASON), e.getKey().type());
            assertArrayEquals(CODEC.encode(e.getKey()), dead.value(), "the original bytes");
        }
        assertEquals(before, get(id).orElseThrow(), "the catalog row is unchanged");

        String metrics = client.retrieve("/prometheus");
        for (String line : List.of(
                "backstream_catalog_events_refused_total{reason=\"not-decided\",type=\""
                        + EventType.DELETE_REQUESTED.type() + "\"}",
                "backstream_catalog_events_refused_total{reason=\"checksum-mismatch\",type=\""
                        + EventType.UPLOAD_COMPLETED.type() + "\"}",
                "backstream_catalog_events_refused_total{reason=\"not-deleting\",type=\""
                        + EventType.BACKUP_DELETED.type() + "\"}")) {
            assertTrue(metrics.contains(line), line + " in\n" + metrics);
        }
    }

    @Test
    void anOperatorDeleteMarksThenPublishesAndTheOutcomeFinishesIt() throws Exception {
        String target = UniqueNames.id("manual");
        String id = target + "-1";
        String running = target + "-2";
        completed(id, target, null, clock.instant());
        publish(CODEC.create("/it", running, started(running, target, null, clock.instant())));
        awaitStatus(id, "COMPLETED");
        awaitStatus(running, "SNAPSHOTTING");

        HttpResponse<Map> accepted = client.exchange(HttpRequest.DELETE("/v1/backups/" + id + "?reason=cleanup"),
                Map.class);
        assertEquals(202, accepted.code());
        Map<?, ?> body = accepted.body();
        assertEquals(id, body.get("backupId"));
        assertEquals("s3", body.get("storage"));
        assertEquals(key(id), body.get("key"));
        assertEquals(manifestKey(id), body.get("manifestKey"));
        assertEquals("cleanup", body.get("reason"));
        assertEquals(TestApiAccess.ADMIN.name(), body.get("requestedBy"));
        assertEquals("DELETING", get(id).orElseThrow().get("status"), "marked before the answer");
        DeleteRequested published = deleteRequests(id).get(0);
        assertEquals(key(id), published.key());

        assertProblem(HttpRequest.DELETE("/v1/backups/" + id), 409);
        assertProblem(HttpRequest.DELETE("/v1/backups/" + running), 409);
        assertProblem(HttpRequest.DELETE("/v1/backups/" + UniqueNames.id("nobody")), 404);

        publish(CODEC.create("/it", id, new BackupDeleted(id, "s3", key(id), clock.instant())));
        Map<String, Object> deleted = awaitStatus(id, "DELETED");
        assertEquals(1, deleteRequests(id).size(), "one request, read back by the catalog as its own");
        assertTrue(((Map<?, ?>) deleted.get("deletion")).get("deletedAt") != null);
    }

    @Test
    void aDecidedDeleteWithNoAnswerIsRequestedAgain() throws Exception {
        String target = UniqueNames.id("unanswered");
        String id = target + "-1";
        completed(id, target, null, clock.instant());
        awaitStatus(id, "COMPLETED");
        // the decision is recorded but its request never reaches the topic (a failed publish)
        server.getApplicationContext().getBean(CatalogProjection.class).markForDeletion(CatalogListener.CONSUMER,
                CODEC.create("lost-" + id, clock.instant(), "/catalog-svc", id, new DeleteRequested(id, "s3", key(id),
                        manifestKey(id), "cleanup", "operator", clock.instant())));
        assertEquals("DELETING", get(id).orElseThrow().get("status"));
        assertEquals(List.of(), deleteRequests(id));

        clock.advance(Duration.ofMinutes(31));
        DeleteRequested again = Await.untilPresent(TIMEOUT, () -> {
            try {
                return deleteRequests(id).stream().findFirst();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "the delete of " + id + " is requested again");
        assertEquals(key(id), again.key());
        assertEquals(manifestKey(id), again.manifestKey());
        assertEquals(StuckBackupSweeper.REQUESTED_BY, again.requestedBy());
        StuckBackupSweeper sweeper = server.getApplicationContext().getBean(StuckBackupSweeper.class);
        sweeper.sweep();
        sweeper.sweep();
        assertEquals(1, deleteRequests(id).size(), "asked again once per timeout, not at every sweep");

        publish(CODEC.create("/it", id, new BackupDeleted(id, "s3", key(id), clock.instant())));
        awaitStatus(id, "DELETED");
    }

    @Test
    void aPartialDeleteIsItsOwnStateAndRetentionRequestsItAgain() throws Exception {
        String policy = UniqueNames.id("keep-one");
        String target = UniqueNames.id("partial");
        String old = target + "-old";
        String young = target + "-young";
        publish(CODEC.create("/it", policy, new Policy(policy, List.of(target), "@daily", "UTC", null, null, null,
                "s3", Compression.ZSTD, null, null, new Policy.Retention(1, null, null, null, null, null), null,
                true)));
        Await.until(TIMEOUT, () -> {
            try {
                return client.exchange(HttpRequest.GET("/v1/policies/" + policy + "/retention-preview"), String.class)
                        .code() == 200;
            } catch (HttpClientResponseException e) {
                return false;
            }
        }, "policy known");
        completed(old, target, policy, clock.instant().minus(Duration.ofDays(2)));
        awaitStatus(old, "COMPLETED");
        completed(young, target, policy, clock.instant().minus(Duration.ofDays(1)));
        awaitStatus(old, "DELETING");

        // the archive went, the manifest did not
        publish(CODEC.create("/it", old, new BackupDeleteFailed(old, "s3", key(old), "storage-error: TRANSIENT 503",
                clock.instant(), List.of(key(old)))));
        Map<String, Object> partly = awaitStatus(old, "PARTLY_DELETED");
        assertEquals(List.of(key(old)), ((Map<?, ?>) partly.get("deletion")).get("deletedKeys"));
        // a partly deleted backup is no restore point
        assertProblem(HttpRequest.GET("/v1/targets/" + target + "/restore-point?at="
                + clock.instant().minus(Duration.ofHours(36))), 404);

        assertEquals(0, server.getApplicationContext().getBean(RetentionEvaluator.class).evaluate(policy),
                "a delete that has just failed waits a retention interval");
        clock.advance(Duration.ofHours(1));
        awaitStatus(old, "DELETING");
        List<DeleteRequested> requests = deleteRequests(old);
        assertEquals(2, requests.size(), "first request and retry");
        assertEquals("partly-deleted", requests.get(1).reason());

        // a retry that fails before touching anything keeps it partly deleted: the archive is still gone
        publish(CODEC.create("/it", old, new BackupDeleteFailed(old, "s3", key(old), "storage-error: TRANSIENT 503",
                clock.instant())));
        awaitStatus(old, "PARTLY_DELETED");
        clock.advance(Duration.ofHours(1));
        awaitStatus(old, "DELETING");
        publish(CODEC.create("/it", old, new BackupDeleted(old, "s3", key(old), clock.instant())));
        awaitStatus(old, "DELETED");
        assertEquals("COMPLETED", get(young).orElseThrow().get("status"));
    }

    private static String key(String id) {
        return "p/" + id + ".tar.zst";
    }

    private static String manifestKey(String id) {
        return key(id) + ".manifest.json";
    }

    private static SnapshotStarted started(String id, String target, String policy, Instant created) {
        return new SnapshotStarted(id, target, TargetKind.DIRECTORY, "w", BackupType.FULL, null, Compression.ZSTD,
                "s3", policy, created);
    }

    private static void completed(String id, String target, String policy, Instant created) throws Exception {
        publish(CODEC.create(id, created, "/it", id, started(id, target, policy, created)));
        publish(CODEC.create(id + "/snapshot", created.plusSeconds(10), "/it", id, new SnapshotCompleted(id, target,
                TargetKind.DIRECTORY, "w", BackupType.FULL, null, Compression.ZSTD, null, "s3", policy, 1, 200, 100,
                SHA, 3, List.of(), created, created.plusSeconds(10))));
        publish(CODEC.create(id + "/upload", created.plusSeconds(20), "/it", id, new UploadCompleted(id, target,
                "s3", "backstream", key(id), manifestKey(id), 100, SHA, "etag", 1, created.plusSeconds(20), null)));
    }

    /** The dead letter of the record sent at {@code sent}, on its topic's DLQ. */
    private static ConsumerRecord<byte[], byte[]> deadLetter(RecordMetadata sent) {
        String topic = Topics.dlq(sent.topic());
        return broker.readUntil(topic, records -> records.stream().anyMatch(r -> from(r, sent)), TIMEOUT).stream()
                .filter(r -> from(r, sent)).findFirst().orElseThrow();
    }

    private static boolean from(ConsumerRecord<byte[], byte[]> record, RecordMetadata sent) {
        return sent.topic().equals(header(record, DeadLetterHeaders.SOURCE_TOPIC))
                && Integer.toString(sent.partition()).equals(header(record, DeadLetterHeaders.SOURCE_PARTITION))
                && Long.toString(sent.offset()).equals(header(record, DeadLetterHeaders.SOURCE_OFFSET));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * The DeleteRequested on backup.deletions for one backup, in topic order (one backup is on one partition), read
     * up to the topic's end: the catalog publishes before it answers or records the next step.
     */
    private static List<DeleteRequested> deleteRequests(String backupId) throws Exception {
        long end;
        try (Admin admin = broker.newAdmin()) {
            int partitions = admin.describeTopics(List.of(Topics.BACKUP_DELETIONS)).allTopicNames().get()
                    .get(Topics.BACKUP_DELETIONS).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(Topics.BACKUP_DELETIONS, p), OffsetSpec.latest());
            }
            end = admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        }
        byte[] key = backupId.getBytes(StandardCharsets.UTF_8);
        List<DeleteRequested> requests = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : broker.readUntil(Topics.BACKUP_DELETIONS,
                r -> r.size() >= end, TIMEOUT)) {
            if (Arrays.equals(key, record.key()) && CODEC.decode(record.value()).data() instanceof DeleteRequested d) {
                requests.add(d);
            }
        }
        return requests;
    }

    private static void assertProblem(HttpRequest<?> request, int status) {
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
                () -> client.exchange(request, String.class));
        assertEquals(status, e.code());
        assertEquals("application/problem+json", e.getResponse().getContentType().orElseThrow().toString());
    }

    @SuppressWarnings("unchecked")
    private static Optional<Map<String, Object>> get(String id) {
        try {
            return Optional.of(client.retrieve(HttpRequest.GET("/v1/backups/" + id), Map.class));
        } catch (HttpClientResponseException e) {
            if (e.code() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static Map<String, Object> awaitStatus(String id, String status) {
        return Await.untilPresent(TIMEOUT, () -> get(id).filter(body -> status.equals(body.get("status"))),
                id + " reaches " + status);
    }

    private static RecordMetadata publish(CloudEvent<?> event) throws Exception {
        EventType type = EventType.fromType(event.type()).orElseThrow();
        return producer.send(new ProducerRecord<>(type.topic(),
                type.key(event.data()).getBytes(StandardCharsets.UTF_8), CODEC.encode(event))).get();
    }
}
