package io.backstream.catalog;

import io.backstream.catalog.messaging.RetentionEvaluator;
import io.backstream.schema.BackupType;
import io.backstream.schema.CloudEvent;
import io.backstream.schema.Compression;
import io.backstream.schema.EventCodec;
import io.backstream.schema.EventType;
import io.backstream.schema.TargetKind;
import io.backstream.schema.Topics;
import io.backstream.schema.event.BackupDeleteFailed;
import io.backstream.schema.event.BackupDeleted;
import io.backstream.schema.event.DeleteRequested;
import io.backstream.schema.event.Policy;
import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.event.SnapshotFailed;
import io.backstream.schema.event.SnapshotStarted;
import io.backstream.schema.event.UploadCompleted;
import io.backstream.support.security.TestApiAccess;
import io.backstream.testkit.Await;
import io.backstream.testkit.KafkaBroker;
import io.backstream.testkit.ManualClock;
import io.backstream.testkit.Postgres;
import io.backstream.testkit.UniqueNames;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
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
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention on the real broker and a real PostgreSQL: a policy from backup.policies and a scripted history of
 * backups give a preview whose delete set is exactly what retention then requests on backup.deletions.
 */
class RetentionIT {

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
        String name = postgres.createUniqueDatabase("retention");
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
                // the scripted history happened days ago: the stuck-backup sweeper must not close it half-projected
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
    void thePreviewIsExactlyWhatRetentionDeletesAndNothingIsRequestedTwice() throws Exception {
        String policy = UniqueNames.id("nightly");
        String a = UniqueNames.id("files");
        String b = UniqueNames.id("db");
        Instant t0 = clock.instant();
        // target a: daily fulls; day 7 failed; day 2 locked for 30 more days
        for (int day = 1; day <= 8; day++) {
            Instant created = t0.minus(Duration.ofDays(10 - day));
            if (day == 7) {
                failed(id(a, day), a, policy, created);
            } else {
                completed(id(a, day), a, policy, BackupType.FULL, null, created,
                        day == 2 ? t0.plus(Duration.ofDays(30)) : null);
            }
        }
        // target b: an old full, then a full on day 1 with a chain of incrementals on days 2-6
        completed(id(b, 0), b, policy, BackupType.FULL, null, t0.minus(Duration.ofDays(10)), null);
        completed(id(b, 1), b, policy, BackupType.FULL, null, t0.minus(Duration.ofDays(9)), null);
        for (int day = 2; day <= 6; day++) {
            completed(id(b, day), b, policy, BackupType.INCREMENTAL, id(b, day - 1),
                    t0.minus(Duration.ofDays(10 - day)), null);
        }
        for (int day = 1; day <= 8; day++) {
            awaitStatus(id(a, day), day == 7 ? "FAILED" : "COMPLETED");
        }
        for (int day = 0; day <= 6; day++) {
            awaitStatus(id(b, day), "COMPLETED");
        }
        assertProblem("/v1/policies/" + policy + "/retention-preview", 404);

        publish(CODEC.create("/it", policy, new Policy(policy, List.of(a, b), "@daily", "Europe/Berlin", null, null,
                null, "s3", Compression.ZSTD, null, null, new Policy.Retention(null, 3, null, null, null, null), null,
                true)));
        Map<String, String> preview = Await.untilPresent(TIMEOUT, () -> preview(policy), "retention preview");

        Map<String, String> expected = new TreeMap<>();
        expected.put(id(a, 8), "keep keep-daily");
        expected.put(id(a, 7), "keep not-completed");
        expected.put(id(a, 6), "keep keep-daily");
        expected.put(id(a, 5), "keep keep-daily");
        expected.put(id(a, 4), "delete no-rule");
        expected.put(id(a, 3), "delete no-rule");
        expected.put(id(a, 2), "keep object-lock");
        expected.put(id(a, 1), "delete no-rule");
        expected.put(id(b, 6), "keep keep-daily");
        expected.put(id(b, 5), "keep keep-daily");
        expected.put(id(b, 4), "keep keep-daily");
        expected.put(id(b, 3), "keep chain-parent");
        expected.put(id(b, 2), "keep chain-parent");
        expected.put(id(b, 1), "keep chain-parent");
        expected.put(id(b, 0), "delete no-rule");
        assertEquals(expected, preview);
        List<String> toDelete = preview.entrySet().stream().filter(e -> e.getValue().startsWith("delete"))
                .map(Map.Entry::getKey).sorted().toList();

        // the timer is due once the catalog's clock has moved on by retention-interval
        clock.advance(Duration.ofHours(1));
        for (String id : toDelete) {
            awaitStatus(id, "DELETING");
        }
        Map<String, DeleteRequested> requested = deleteRequests(policy, a, b);
        assertEquals(toDelete, requested.keySet().stream().sorted().toList(), "exactly the preview's delete set");
        DeleteRequested first = requested.get(id(a, 1));
        assertEquals("no-rule", first.reason());
        assertEquals(RetentionEvaluator.REQUESTED_BY, first.requestedBy());
        assertEquals("p/" + id(a, 1) + ".tar.zst", first.key());
        assertEquals("p/" + id(a, 1) + ".tar.zst.manifest.json", first.manifestKey());
        assertEquals("s3", first.storage());

        for (String id : toDelete) {
            publish(CODEC.create("/it", id, new BackupDeleted(id, "s3", "p/" + id + ".tar.zst", clock.instant())));
        }
        for (String id : toDelete) {
            awaitStatus(id, "DELETED");
        }
        assertEquals(0, server.getApplicationContext().getBean(RetentionEvaluator.class).evaluate(policy),
                "a second evaluation requests nothing new");
        clock.advance(Duration.ofHours(1));
        assertEquals(toDelete, deleteRequests(policy, a, b).keySet().stream().sorted().toList());

        // a completed backup triggers an evaluation: day 5 of target a falls out of keepDaily 3
        completed(id(a, 9), a, policy, BackupType.FULL, null, t0.plus(Duration.ofHours(1)), null);
        awaitStatus(id(a, 5), "DELETING");
        Map<String, DeleteRequested> afterCompletion = deleteRequests(policy, a, b);
        assertEquals(toDelete.size() + 1, afterCompletion.size());
        assertEquals("no-rule", afterCompletion.get(id(a, 5)).reason());
        assertTrue(client.retrieve("/prometheus").contains("backstream_retention_deletes_requested_total{policy=\""
                + policy + "\"} " + (toDelete.size() + 1) + ".0"), "deletions requested are counted per policy");

        // a delete that failed leaves the backup COMPLETED; it is requested again, as a new event, once the
        // retention interval has passed (not at once, which would loop on a storage that keeps refusing)
        publish(CODEC.create("/it", id(a, 5), new BackupDeleteFailed(id(a, 5), "s3", "p/" + id(a, 5) + ".tar.zst",
                "S3 answered 503", clock.instant())));
        awaitStatus(id(a, 5), "COMPLETED");
        assertEquals(0, server.getApplicationContext().getBean(RetentionEvaluator.class).evaluate(policy),
                "a delete that has just failed waits");
        clock.advance(Duration.ofHours(1));
        awaitStatus(id(a, 5), "DELETING");
        List<String> eventIds = deleteRequestEventIds(id(a, 5));
        assertEquals(2, eventIds.size(), "first request and retry: " + eventIds);
        assertEquals(2, new HashSet<>(eventIds).size(), "the retry is not a duplicate: " + eventIds);

        // a tombstone forgets the policy
        producer.send(new ProducerRecord<>(Topics.BACKUP_POLICIES, policy.getBytes(StandardCharsets.UTF_8), null))
                .get();
        Await.until(TIMEOUT, () -> preview(policy).isEmpty(), "deleted policy has no preview");
    }

    private static String id(String target, int day) {
        return target + "-day-" + day;
    }

    /** The event ids of every DeleteRequested on backup.deletions for one backup. */
    private static List<String> deleteRequestEventIds(String backupId) throws Exception {
        List<String> ids = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : deletionRecords()) {
            CloudEvent<?> event = CODEC.decode(record.value());
            if (event.data() instanceof DeleteRequested request && request.backupId().equals(backupId)) {
                ids.add(event.id());
            }
        }
        return ids;
    }

    /** Every DeleteRequested on backup.deletions for the two targets' backups, read up to the topic's end. */
    private static Map<String, DeleteRequested> deleteRequests(String policy, String a, String b) throws Exception {
        Map<String, DeleteRequested> ours = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : deletionRecords()) {
            if (CODEC.decode(record.value()).data() instanceof DeleteRequested request
                    && (request.backupId().startsWith(a + "-") || request.backupId().startsWith(b + "-"))) {
                assertEquals(null, ours.put(request.backupId(), request), "requested twice: " + request.backupId()
                        + " of policy " + policy);
            }
        }
        return ours;
    }

    /** Every record on backup.deletions, read up to the topic's end. */
    private static List<ConsumerRecord<byte[], byte[]>> deletionRecords() throws Exception {
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
        return broker.readUntil(Topics.BACKUP_DELETIONS, r -> r.size() >= end, TIMEOUT);
    }

    @SuppressWarnings("unchecked")
    private static Optional<Map<String, String>> preview(String policy) {
        try {
            HttpResponse<Map> response = client.exchange(HttpRequest.GET("/v1/policies/" + policy
                    + "/retention-preview"), Argument.of(Map.class));
            List<Map<String, Object>> backups = (List<Map<String, Object>>) response.body().get("backups");
            return Optional.of(backups.stream().collect(Collectors.toMap(x -> (String) x.get("backupId"),
                    x -> x.get("decision") + " " + x.get("rule"), (x, y) -> x, TreeMap::new)));
        } catch (HttpClientResponseException e) {
            if (e.code() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static void assertProblem(String uri, int status) {
        HttpClientResponseException e = org.junit.jupiter.api.Assertions.assertThrows(
                HttpClientResponseException.class, () -> client.exchange(HttpRequest.GET(uri), String.class));
        assertEquals(status, e.code());
        assertEquals("application/problem+json", e.getResponse().getContentType().orElseThrow().toString());
    }

    @SuppressWarnings("unchecked")
    private static void awaitStatus(String id, String status) {
        Await.untilPresent(TIMEOUT, () -> {
            try {
                Map<String, Object> body = client.retrieve(HttpRequest.GET("/v1/backups/" + id), Map.class);
                return status.equals(body.get("status")) ? Optional.of(body) : Optional.empty();
            } catch (HttpClientResponseException e) {
                if (e.code() == 404) {
                    return Optional.empty();
                }
                throw e;
            }
        }, id + " reaches " + status);
    }

    private static void completed(String id, String target, String policy, BackupType type, String parent,
                                  Instant created, Instant retainUntil) throws Exception {
        publish(CODEC.create(id, created, "/it", id, new SnapshotStarted(id, target, TargetKind.DIRECTORY, "w", type,
                parent, Compression.ZSTD, "s3", policy, created)));
        publish(CODEC.create(id + "/snapshot", created.plusSeconds(10), "/it", id, new SnapshotCompleted(id, target,
                TargetKind.DIRECTORY, "w", type, parent, Compression.ZSTD, null, "s3", policy, 1, 200, 100, SHA, 3,
                List.of(), created, created.plusSeconds(10))));
        publish(CODEC.create(id + "/upload", created.plusSeconds(20), "/it", id, new UploadCompleted(id, target,
                "s3", "backstream", "p/" + id + ".tar.zst", "p/" + id + ".tar.zst.manifest.json", 100, SHA, "etag",
                1, created.plusSeconds(20), retainUntil)));
    }

    private static void failed(String id, String target, String policy, Instant created) throws Exception {
        publish(CODEC.create(id, created, "/it", id, new SnapshotStarted(id, target, TargetKind.DIRECTORY, "w",
                BackupType.FULL, null, Compression.ZSTD, "s3", policy, created)));
        publish(CODEC.create(id + "/failed", created.plusSeconds(10), "/it", id,
                new SnapshotFailed(id, target, "w", "disk full", created.plusSeconds(10))));
    }

    private static void publish(CloudEvent<?> event) throws Exception {
        EventType type = EventType.fromType(event.type()).orElseThrow();
        producer.send(new ProducerRecord<>(type.topic(), type.key(event.data()).getBytes(StandardCharsets.UTF_8),
                CODEC.encode(event))).get();
    }
}
