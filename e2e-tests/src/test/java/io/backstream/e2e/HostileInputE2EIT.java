package io.backstream.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.backstream.schema.DeadLetterHeaders;
import io.backstream.schema.EventCodec;
import io.backstream.schema.EventType;
import io.backstream.schema.Topics;
import io.backstream.schema.event.RestoreCompleted;
import io.backstream.schema.event.RestoreDestination;
import io.backstream.schema.event.RestoreFailed;
import io.backstream.schema.event.RestoreRequested;
import io.backstream.schema.event.SnapshotStarted;
import io.backstream.testkit.Await;
import io.backstream.testkit.KafkaTestClients;
import io.backstream.testkit.ServiceConfigs;
import io.backstream.testkit.TreeFixtures;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Thousands of hostile records ({@link EventFuzzer}: events built from the JSON Schemas and broken, non-JSON bytes,
 * bad keys, bad chunk headers, identifiers of an existing backup borrowed by forged events) on every topic a running
 * service consumes, with every service as its own process. Afterwards every consumer group has consumed all of it,
 * every record the shared contract refuses is on its topic's DLQ with the contract's reason, every service is UP,
 * the backup made before the fuzz is untouched in the bucket and the catalog, and a new backup completes and
 * restores identically.
 *
 * <p>The seed is printed; {@code -Dfuzz.seed=N} replays a run, {@code -Dfuzz.records=N} changes its size.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputE2EIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    /** How long the consumers may take to work through the whole fuzz. */
    private static final Duration DRAIN = Duration.ofSeconds(120);
    private static final long SEED = Long.getLong("fuzz.seed", 14L);
    private static final int RECORDS = Integer.getInteger("fuzz.records", 3000);
    private static final int FORGED_OVER_VICTIM_ROUNDS = 3;
    private static final EventCodec CODEC = new EventCodec();

    static Path work;
    static Path source;
    static Stack stack;
    /** The backup made before the fuzz, with its catalog row and every object in the bucket then. */
    static String victimId;
    static JsonNode victimRow;
    static Map<String, String> objectsBefore;

    @BeforeAll
    static void startEverything() throws Exception {
        work = Files.createDirectories(Path.of("target", "e2e-work").toAbsolutePath()
                .resolve("hostile-" + System.currentTimeMillis()));
        source = TreeFixtures.generate(work.resolve("source"), 4L * 1024 * 1024);
        // restore-svc refuses links that leave the destination
        Files.delete(source.resolve("data/abs-link"));
        Path other = Files.createDirectories(work.resolve("other"));
        TreeFixtures.writeRandom(other.resolve("random.bin"), 1024 * 1024, 5);
        stack = new Stack(work, source, other);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void aBackupCompletesBeforeTheFuzz() throws Exception {
        Stack.Response backup = stack.requestBackup(Stack.TARGET, true, TIMEOUT);
        assertEquals("COMPLETED", backup.json().get("status").asText(), backup.text());
        victimId = backup.json().get("backupId").asText();
        victimRow = stack.awaitCatalog("/v1/backups/" + victimId, "COMPLETED", TIMEOUT).json();
        objectsBefore = objects();
        assertTrue(objectsBefore.containsKey(victimRow.at("/location/key").asText()), objectsBefore.toString());
        assertTrue(objectsBefore.containsKey(victimRow.at("/location/manifestKey").asText()), objectsBefore.toString());
    }

    @Test
    @Order(2)
    void hostileRecordsOnEveryConsumedTopicAreDeadLetteredAndHarmNothing() throws Exception {
        System.out.println("HostileInputE2EIT: seed " + SEED + " (replay with -Dfuzz.seed=" + SEED + "), "
                + RECORDS + " records");
        try (Admin admin = stack.kafka.newAdmin()) {
            ConsumerGroups groups = new ConsumerGroups(admin);
            Map<String, Set<String>> consumed = Await.untilPresent(TIMEOUT, () -> assigned(groups),
                    "every service's consumer groups have their partitions");
            Set<String> topics = consumed.values().stream().flatMap(Set::stream).collect(Collectors.toCollection(TreeSet::new));
            System.out.println("HostileInputE2EIT: consumer groups and their topics " + consumed);
            assertEquals(Topics.all().stream().map(Topics.TopicSpec::name).collect(Collectors.toCollection(TreeSet::new)),
                    topics, "every Backstream topic has a consumer, and nothing else is consumed");

            EventFuzzer fuzzer = new EventFuzzer(new Random(SEED), maxMessageBytes(admin, topics), victim());
            List<String> topicList = List.copyOf(topics);
            List<FuzzRecord> records = new ArrayList<>();
            Random pickTopic = new Random(SEED);
            for (int i = 0; i < RECORDS; i++) {
                records.add(fuzzer.next(topicList.get(pickTopic.nextInt(topicList.size()))));
            }
            for (int i = 0; i < FORGED_OVER_VICTIM_ROUNDS; i++) {
                records.addAll(fuzzer.forgedOverVictim());
            }
            Map<TopicPartition, Long> dlqStarts = offsets(admin, dlqs(topics), OffsetSpec.latest());
            Instant started = Instant.now();
            Map<String, FuzzRecord> sent = send(records);
            System.out.println("HostileInputE2EIT: sent " + sent.size() + " records in "
                    + Duration.between(started, Instant.now()).toMillis() + " ms; mutations " + census(records));

            try {
                Await.untilPresent(DRAIN, () -> drained(groups, consumed),
                        "every consumer group consumes every fuzz record (lag 0 on every partition)");
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; still behind: " + groups.lag(consumed), e);
            }
            System.out.println("HostileInputE2EIT: every group drained after "
                    + Duration.between(started, Instant.now()).toMillis() + " ms");

            Map<String, Set<String>> deadLettered = deadLetters(dlqStarts, offsets(admin, dlqs(topics), OffsetSpec.latest()));
            List<String> missed = new ArrayList<>();
            long refused = 0;
            for (Map.Entry<String, FuzzRecord> entry : sent.entrySet()) {
                FuzzRecord record = entry.getValue();
                if (record.refusal() == null) {
                    continue;
                }
                refused++;
                Set<String> reasons = deadLettered.getOrDefault(entry.getKey(), Set.of());
                if (!reasons.contains(record.refusal())) {
                    missed.add(entry.getKey() + " expected " + record.refusal() + ", DLQ reasons " + reasons + ": "
                            + record.describe());
                }
            }
            System.out.println("HostileInputE2EIT: " + refused + " of " + sent.size() + " records break the contract, "
                    + deadLettered.size() + " source records dead-lettered");
            assertTrue(refused > sent.size() / 2, "most mutations must break the contract, else the fuzz is vacuous");
            assertTrue(missed.isEmpty(), missed.size() + " refused records did not reach the DLQ with their reason, e.g. "
                    + missed.subList(0, Math.min(5, missed.size())));
        }
        for (String service : ServiceConfigs.SERVICES) {
            Stack.Response health = stack.call(service, "GET", "/health", null);
            assertEquals(200, health.status(), service + " " + health.text());
            assertEquals("UP", health.json().get("status").asText(), service + " " + health.text());
        }
    }

    @Test
    @Order(3)
    void theBackupFromBeforeIsUntouchedAndTheCatalogAnswers() throws Exception {
        Stack.Response row = stack.call("catalog-svc", "GET", "/v1/backups/" + victimId, null);
        assertEquals(200, row.status(), row.text());
        assertEquals(victimRow, row.json(), "the catalog row of the backup made before the fuzz");
        Stack.Response list = stack.call("catalog-svc", "GET", "/v1/backups?target=" + Stack.TARGET + "&limit=20", null);
        assertEquals(200, list.status(), list.text());
        Map<String, String> now = objects();
        for (Map.Entry<String, String> object : objectsBefore.entrySet()) {
            assertEquals(object.getValue(), now.get(object.getKey()), "object " + object.getKey() + " in the bucket");
        }
    }

    @Test
    @Order(4)
    void aNewBackupCompletesAndRestoresIdentically() throws Exception {
        Stack.Response backup = stack.requestBackup(Stack.TARGET, true, TIMEOUT);
        assertEquals("COMPLETED", backup.json().get("status").asText(), backup.text());
        String backupId = backup.json().get("backupId").asText();
        stack.awaitCatalog("/v1/backups/" + backupId, "COMPLETED", TIMEOUT);

        String restoreId = "hostile-" + UUID.randomUUID();
        Path destination = stack.restoreRoot.resolve("after-fuzz");
        RestoreRequested request = new RestoreRequested(restoreId, backupId, null, null,
                new RestoreDestination(RestoreDestination.Kind.DIRECTORY, destination.toString(), null),
                false, List.of(), false, "hostile-input-test", Instant.now());
        try (KafkaProducer<byte[], byte[]> producer = stack.kafka.newProducer()) {
            producer.send(new ProducerRecord<>(EventType.RESTORE_REQUESTED.topic(),
                    restoreId.getBytes(StandardCharsets.UTF_8), CODEC.encode(CODEC.create("/e2e", restoreId, request))))
                    .get();
        }
        Object outcome = awaitEvent(Topics.RESTORE_EVENTS, e -> e instanceof RestoreCompleted c
                && c.restoreId().equals(restoreId) || e instanceof RestoreFailed f && f.restoreId().equals(restoreId));
        assertInstanceOf(RestoreCompleted.class, outcome, outcome.toString());
        Files.delete(destination.resolve("restore.done"));
        TreeFixtures.assertSameTree(source, destination);
    }

    /** Sends every record and returns each by its {@code topic/partition/offset}. */
    private static Map<String, FuzzRecord> send(List<FuzzRecord> records) throws Exception {
        Map<String, FuzzRecord> sent = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = stack.kafka.newProducer()) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (FuzzRecord record : records) {
                ProducerRecord<byte[], byte[]> kafkaRecord = new ProducerRecord<>(record.topic(), record.key(), record.value());
                record.headers().forEach((name, value) -> kafkaRecord.headers().add(name, value));
                acks.add(producer.send(kafkaRecord));
            }
            for (int i = 0; i < records.size(); i++) {
                RecordMetadata metadata = acks.get(i).get();
                sent.put(metadata.topic() + "/" + metadata.partition() + "/" + metadata.offset(), records.get(i));
            }
        }
        return sent;
    }

    /** Reasons of the DLQ records written since {@code from}, by the {@code topic/partition/offset} of their source. */
    private static Map<String, Set<String>> deadLetters(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to) {
        Map<String, Set<String>> reasons = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaTestClients.consumer(stack.kafka.bootstrapServers())) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            Await.until(TIMEOUT, () -> {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    reasons.computeIfAbsent(header(record, DeadLetterHeaders.SOURCE_TOPIC) + "/"
                                    + header(record, DeadLetterHeaders.SOURCE_PARTITION) + "/"
                                    + header(record, DeadLetterHeaders.SOURCE_OFFSET), k -> new HashSet<>())
                            .add(header(record, DeadLetterHeaders.REASON));
                }
                return to.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
            }, "the DLQs are read to their ends");
        }
        return reasons;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Optional<Map<String, Set<String>>> assigned(ConsumerGroups groups) {
        try {
            Map<String, Set<String>> consumed = groups.assignedTopics();
            // the five services' six groups: worker, uploader, catalog, restore requests, deletions
            return consumed.size() >= 5 ? Optional.of(consumed) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static Optional<Map<String, Long>> drained(ConsumerGroups groups, Map<String, Set<String>> consumed) {
        try {
            Map<String, Long> lag = groups.lag(consumed);
            return lag.isEmpty() ? Optional.of(lag) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static Map<String, Integer> maxMessageBytes(Admin admin, Set<String> topics) throws Exception {
        List<ConfigResource> resources = topics.stream()
                .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList();
        Map<String, Integer> max = new HashMap<>();
        for (Map.Entry<ConfigResource, Config> config : admin.describeConfigs(resources).all().get().entrySet()) {
            max.put(config.getKey().name(), Integer.parseInt(config.getValue().get("max.message.bytes").value()));
        }
        return max;
    }

    private static Set<String> dlqs(Set<String> topics) {
        return topics.stream().map(Topics::dlq).collect(Collectors.toSet());
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, Set<String> topics, OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get().forEach((topic, description) ->
                description.partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()), spec)));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listOffsets(request).all().get().forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    /** The victim's identifiers, with the start time its object keys are made of. */
    private static EventFuzzer.Victim victim() {
        SnapshotStarted started = (SnapshotStarted) awaitEvent(Topics.BACKUP_EVENTS,
                e -> e instanceof SnapshotStarted s && s.backupId().equals(victimId));
        return new EventFuzzer.Victim(victimId, started.targetId(), victimRow.at("/location/storage").asText(),
                victimRow.at("/location/key").asText(), victimRow.at("/location/manifestKey").asText(),
                started.startedAt().toString());
    }

    /** Every object in the bucket: its key, with its ETag and size. */
    private static Map<String, String> objects() {
        try (var client = stack.s3.newClient()) {
            Map<String, String> objects = new TreeMap<>();
            for (S3Object object : client.listObjectsV2Paginator(b -> b.bucket(stack.bucket)).contents()) {
                objects.put(object.key(), object.eTag() + " " + object.size());
            }
            return objects;
        }
    }

    private static Map<String, Long> census(List<FuzzRecord> records) {
        return records.stream().collect(Collectors.groupingBy(
                r -> r.mutation().replaceAll("\\(.*", "") + (r.refusal() == null ? "(valid)" : ""),
                TreeMap::new, Collectors.counting()));
    }

    private static Object awaitEvent(String topic, java.util.function.Predicate<Object> match) {
        List<ConsumerRecord<byte[], byte[]>> records = stack.kafka.readUntil(topic,
                all -> all.stream().anyMatch(r -> decode(r).filter(match).isPresent()), TIMEOUT);
        return records.stream().map(HostileInputE2EIT::decode).flatMap(Optional::stream).filter(match).findFirst()
                .orElseThrow();
    }

    private static Optional<Object> decode(ConsumerRecord<byte[], byte[]> record) {
        try {
            return Optional.of(CODEC.decode(record.value()).data());
        } catch (Exception notAnEvent) {
            return Optional.empty();
        }
    }
}
