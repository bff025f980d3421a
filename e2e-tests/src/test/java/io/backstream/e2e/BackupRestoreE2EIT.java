package io.backstream.e2e;

import io.backstream.schema.CloudEvent;
import io.backstream.schema.EventCodec;
import io.backstream.schema.EventType;
import io.backstream.schema.event.RestoreCompleted;
import io.backstream.schema.event.RestoreDestination;
import io.backstream.schema.event.RestoreFailed;
import io.backstream.schema.event.RestoreRequested;
import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.event.UploadCompleted;
import io.backstream.testkit.Await;
import io.backstream.testkit.ServiceConfigs;
import io.backstream.testkit.TreeFixtures;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole product, as users drive it: an ad-hoc backup through the scheduler's API reaches
 * the worker, travels as chunks through Kafka, lands in S3 through the uploader, is indexed by
 * the catalog, extracts with GNU tar, and restores through {@code restore.requests} into a tree
 * identical to the source; then an uploader killed mid-upload, and a catalog rebuilt from the bucket.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupRestoreE2EIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final EventCodec CODEC = new EventCodec();

    /** Under target/, so the services' logs stay for a look after a failure. */
    static Path work;
    static Path source;
    static Stack stack;
    /** The backup the first test makes, which the later tests reuse. */
    static String firstBackupId;

    @BeforeAll
    static void startEverything() throws Exception {
        work = Files.createDirectories(Path.of("target", "e2e-work").toAbsolutePath()
                .resolve(Long.toString(System.currentTimeMillis())));
        source = TreeFixtures.generate(work.resolve("source"), 30L * 1024 * 1024);
        // restore-svc refuses links that leave the destination (restore-svc's own tests prove it)
        Files.delete(source.resolve("data/abs-link"));
        Path big = Files.createDirectories(work.resolve("big"));
        TreeFixtures.writeRandom(big.resolve("random.bin"), 100L * 1024 * 1024, 11);
        stack = new Stack(work, source, big);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void adHocBackupIsStoredIndexedExtractableAndRestoresIdentically() throws Exception {
        Stack.Response backup = stack.requestBackup(Stack.TARGET, true, TIMEOUT);
        assertEquals(200, backup.status(), backup.text());
        assertEquals("COMPLETED", backup.json().get("status").asText(), backup.text());
        String backupId = backup.json().get("backupId").asText();
        firstBackupId = backupId;

        UploadCompleted upload = uploadCompleted(backupId);
        Stack.Response catalog = stack.awaitCatalog("/v1/backups/" + backupId, "COMPLETED", TIMEOUT);
        assertEquals(upload.key(), catalog.json().at("/location/key").asText());
        assertEquals(upload.sha256(), catalog.json().at("/checksums/uploadSha256").asText());
        assertTrue(catalog.json().at("/manifest/chunkCount").asLong() >= 6, "a 30 MiB random file makes several chunks");

        Path archive = work.resolve("archive.tar.zst");
        try (var client = stack.s3.newClient()) {
            client.getObject(b -> b.bucket(stack.bucket).key(upload.key()), archive);
            assertTrue(client.headObject(b -> b.bucket(stack.bucket).key(upload.manifestKey())).contentLength() > 0,
                    "the manifest sidecar is stored beside the archive");
        }
        assertEquals(upload.size(), Files.size(archive));
        assertEquals(upload.sha256(), TreeFixtures.sha256(archive));
        Path extracted = work.resolve("extracted");
        TreeFixtures.extract(archive, true, extracted);
        TreeFixtures.assertSameTree(source, extracted);

        String restoreId = "e2e-" + UUID.randomUUID();
        Path destination = stack.restoreRoot.resolve("restored");
        RestoreRequested request = new RestoreRequested(restoreId, backupId, null, null,
                new RestoreDestination(RestoreDestination.Kind.DIRECTORY, destination.toString(), null),
                false, List.of(), false, "e2e-test", Instant.now());
        CloudEvent<RestoreRequested> event = CODEC.create("/e2e", restoreId, request);
        try (KafkaProducer<byte[], byte[]> producer = stack.kafka.newProducer()) {
            producer.send(new ProducerRecord<>(EventType.RESTORE_REQUESTED.topic(),
                    restoreId.getBytes(StandardCharsets.UTF_8), CODEC.encode(event))).get();
        }
        Object outcome = awaitEvent(EventType.RESTORE_COMPLETED.topic(), Object.class,
                e -> e instanceof RestoreCompleted c && c.restoreId().equals(restoreId)
                        || e instanceof RestoreFailed f && f.restoreId().equals(restoreId));
        RestoreCompleted restored = assertInstanceOf(RestoreCompleted.class, outcome, outcome.toString());
        assertTrue(restored.backupIds().contains(backupId));

        Path marker = destination.resolve("restore.done");
        assertTrue(Files.readString(marker).contains(backupId), "restore.done names the backup");
        Files.delete(marker);
        TreeFixtures.assertSameTree(source, destination);
        stack.awaitCatalog("/v1/restores/" + restoreId, "COMPLETED", TIMEOUT);

        // every service shows its documented metrics after the round trip
        assertMetrics("scheduler-svc", "backstream_backup_requests_total");
        assertMetrics("snapshot-worker", "backstream_backup_runs_total", "backstream_backup_raw_bytes_total",
                "backstream_backup_stored_bytes_total", "backstream_backup_duration_seconds");
        assertMetrics("uploader-svc", "backstream_upload_bytes_total", "backstream_upload_runs_total");
        assertMetrics("catalog-svc", "backstream_backup_runs_total", "backstream_backup_duration_seconds",
                "backstream_backup_bytes_total", "backstream_backup_last_success_timestamp_seconds",
                "kafka_consumer_records_lag");
        assertMetrics("restore-svc", "backstream_restore_runs_total", "backstream_restore_bytes_total");
    }

    @Test
    @Order(2)
    void anUploaderKilledMidBackupResumesWithoutSendingDurablePartsAgain() throws Exception {
        // slow the uploader down so the kill lands in the middle of the upload
        stack.restart("uploader-svc", false, stack.settings().withUploadBytesPerSecond(12_000_000L));
        Stack.Response accepted = stack.requestBackup(Stack.BIG_TARGET, false, TIMEOUT);
        String backupId = accepted.json().get("backupId").asText();

        long durableBeforeKill = Await.untilPresent(TIMEOUT, () -> durablePartBytes(3), "3 parts of the upload are durable");
        stack.restart("uploader-svc", true, stack.settings().withUploadBytesPerSecond(null));

        UploadCompleted upload = uploadCompleted(backupId);
        SnapshotCompleted snapshot = awaitEvent(EventType.SNAPSHOT_COMPLETED.topic(), SnapshotCompleted.class,
                e -> e.backupId().equals(backupId));
        assertEquals(snapshot.sha256(), upload.sha256(), "the object is the archive the worker made");
        assertEquals(snapshot.storedBytes(), upload.size());
        Path archive = work.resolve("big.tar.zst");
        try (var client = stack.s3.newClient()) {
            client.getObject(b -> b.bucket(stack.bucket).key(upload.key()), archive);
        }
        assertEquals(upload.sha256(), TreeFixtures.sha256(archive));
        long sentAfterRestart = (long) metric("uploader-svc", "backstream_upload_bytes_total");
        assertTrue(sentAfterRestart <= upload.size() - durableBeforeKill,
                "the restarted uploader sent " + sentAfterRestart + " bytes of " + upload.size()
                        + ", but " + durableBeforeKill + " were durable before the kill");
        stack.awaitCatalog("/v1/backups/" + backupId, "COMPLETED", TIMEOUT);
    }

    @Test
    @Order(3)
    void anEmptiedCatalogIsRebuiltFromTheBucket() throws Exception {
        Stack.Response before = stack.awaitCatalog("/v1/backups/" + firstBackupId, "COMPLETED", TIMEOUT);
        stack.restart("catalog-svc", false, stack.settings().withCatalogDatasource(
                ServiceConfigs.postgres(stack.postgres, stack.postgres.createUniqueDatabase("rebuilt"))));
        assertEquals(404, stack.call("catalog-svc", "GET", "/v1/backups/" + firstBackupId, null).status(),
                "the new catalog database starts empty");

        Stack.Response rebuild = stack.call("restore-svc", "POST", "/v1/storages/s3/rebuild-catalog", null);
        assertEquals(200, rebuild.status(), rebuild.text());
        assertTrue(rebuild.json().get("discovered").asInt() >= 2, rebuild.text());

        Stack.Response after = stack.awaitCatalog("/v1/backups/" + firstBackupId, "COMPLETED", TIMEOUT);
        for (String field : List.of("/location/key", "/location/manifestKey", "/checksums/uploadSha256",
                "/sizes/uploadedBytes", "/targetId", "/type")) {
            assertEquals(before.json().at(field).asText(), after.json().at(field).asText(), field);
        }
    }

    /** The bytes of the durable parts of the one unfinished upload, once it has at least {@code parts}. */
    private static Optional<Long> durablePartBytes(int parts) {
        try (var client = stack.s3.newClient()) {
            for (var upload : client.listMultipartUploads(b -> b.bucket(stack.bucket)).uploads()) {
                var listed = client.listParts(b -> b.bucket(stack.bucket).key(upload.key()).uploadId(upload.uploadId()));
                if (listed.parts().size() >= parts) {
                    return Optional.of(listed.parts().stream().mapToLong(part -> part.size()).sum());
                }
            }
            return Optional.empty();
        }
    }

    private static void assertMetrics(String service, String... names) throws Exception {
        String metrics = stack.text(service, "/prometheus");
        for (String name : names) {
            assertTrue(metrics.contains("\n" + name), service + " does not export " + name);
        }
    }

    /** The sum of every series of a metric on a service's /prometheus. */
    private static double metric(String service, String name) throws Exception {
        return stack.text(service, "/prometheus").lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static UploadCompleted uploadCompleted(String backupId) {
        return awaitEvent(EventType.UPLOAD_COMPLETED.topic(), UploadCompleted.class, e -> e.backupId().equals(backupId));
    }

    private static <T> T awaitEvent(String topic, Class<T> type, java.util.function.Predicate<T> match) {
        List<ConsumerRecord<byte[], byte[]>> records = stack.kafka.readUntil(topic,
                all -> all.stream().anyMatch(r -> decode(r, type).filter(match).isPresent()), TIMEOUT);
        return records.stream().map(r -> decode(r, type)).flatMap(Optional::stream).filter(match).findFirst()
                .orElseThrow();
    }

    private static <T> Optional<T> decode(ConsumerRecord<byte[], byte[]> record, Class<T> type) {
        try {
            Object data = CODEC.decode(record.value()).data();
            return type.isInstance(data) ? Optional.of(type.cast(data)) : Optional.empty();
        } catch (Exception notThisOne) {
            return Optional.empty();
        }
    }
}
