package io.backstream.uploader.it;

import io.backstream.schema.Compression;
import io.backstream.schema.DeadLetterHeaders;
import io.backstream.schema.ObjectKeys;
import io.backstream.schema.TargetKind;
import io.backstream.schema.Topics;
import io.backstream.schema.event.UploadCompleted;
import io.backstream.schema.event.UploadFailed;
import io.backstream.testkit.Await;
import io.backstream.testkit.BackstreamInfrastructure;
import io.backstream.testkit.KafkaBroker;
import io.backstream.testkit.ManualClock;
import io.backstream.testkit.S3Server;
import io.backstream.testkit.TreeFixtures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.runtime.server.EmbeddedServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On the real broker and S3 server: a backup that gets no more records is abandoned once the clock passes
 * {@code abandon-after}, and the start-up sweep aborts only old orphan uploads under the storage's prefix.
 */
@ExtendWith(BackstreamInfrastructure.class)
class AbandonedUploadsIT {

    @Test
    void aStartedBackupThatGetsNoMoreRecordsIsAbortedAnnouncedCountedAndItsLateRecordsDeadLettered(
            KafkaBroker broker, S3Server s3, @TempDir Path tmp) throws Exception {
        String bucket = s3.createUniqueBucket("uploader-abandon");
        Path tree = TreeFixtures.generate(Files.createDirectories(tmp.resolve("tree")), 2 * 1024 * 1024);
        TestBackup done = new TestBackup(tree, "files-done", "s3", UploaderHarness.CHUNK_SIZE);
        TestBackup idle = new TestBackup(tree, "files-idle", "s3", UploaderHarness.CHUNK_SIZE);
        UploaderHarness harness = new UploaderHarness(broker, tmp.resolve("state"), 1);
        Map<String, Object> properties = new HashMap<>(UploaderHarness.s3Storage("s3", s3, bucket));
        properties.put("uploader-it.clock", "now");
        properties.put("backstream.uploader.abandon-check-interval", "200ms");
        try (EmbeddedServer server = harness.start(properties);
             KafkaProducer<byte[], byte[]> producer = broker.newProducer();
             S3Client client = s3.newClient()) {
            ManualClock clock = server.getApplicationContext().getBean(ManualClock.class);
            MeterRegistry registry = server.getApplicationContext().getBean(MeterRegistry.class);
            done.sendAll(producer, harness.topic);
            UploadCompleted completed = harness.outcome(done.backupId, UploadCompleted.class);
            byte[] archive = client.getObjectAsBytes(b -> b.bucket(bucket).key(completed.key())).asByteArray();
            byte[] manifest = client.getObjectAsBytes(b -> b.bucket(bucket).key(completed.manifestKey())).asByteArray();

            idle.sendStart(producer, harness.topic);
            Await.until(UploaderHarness.TIMEOUT, () -> !uploads(client, bucket).isEmpty(), "the idle backup's upload began");
            clock.advance(Duration.ofMinutes(61));

            UploadFailed failed = harness.outcome(idle.backupId, UploadFailed.class);
            assertEquals("abandoned", failed.reason());
            assertEquals("files-idle", failed.targetId());
            assertEquals("s3", failed.storage());
            assertTrue(uploads(client, bucket).isEmpty(), "the abandoned multipart upload is aborted");
            Counter abandoned = registry.find("backstream.uploader.uploads.abandoned").tag("storage", "s3").counter();
            assertEquals(1.0, abandoned == null ? 0 : abandoned.count());
            assertArrayEquals(archive, client.getObjectAsBytes(b -> b.bucket(bucket).key(completed.key())).asByteArray(),
                    "the completed archive is untouched");
            assertArrayEquals(manifest, client.getObjectAsBytes(b -> b.bucket(bucket).key(completed.manifestKey())).asByteArray(),
                    "the completed manifest is untouched");

            idle.sendChunk(producer, harness.topic, 0);
            List<ConsumerRecord<byte[], byte[]>> dead = broker.readUntil(Topics.dlq(harness.topic),
                    records -> !records.isEmpty(), UploaderHarness.TIMEOUT);
            assertEquals(idle.backupId, new String(dead.get(0).key(), StandardCharsets.UTF_8));
            assertEquals("ABANDONED", new String(dead.get(0).headers().lastHeader(DeadLetterHeaders.REASON).value(),
                    StandardCharsets.UTF_8));
            assertTrue(uploads(client, bucket).isEmpty(), "the late record started no upload");
        }
    }

    @Test
    void theStartUpSweepAbortsAnOldOrphanUploadAndLeavesARecentOneOneOutsideThePrefixAndCompletedObjects(
            KafkaBroker broker, S3Server s3, @TempDir Path tmp) throws Exception {
        String bucket = s3.createUniqueBucket("uploader-sweep");
        Instant created = Instant.parse("2026-11-21T10:00:00Z");
        String oldKey = ObjectKeys.archiveKey("backups", TargetKind.DIRECTORY, "files", created, "old", Compression.ZSTD);
        String recentKey = ObjectKeys.archiveKey("backups", TargetKind.DIRECTORY, "files", created, "recent", Compression.ZSTD);
        String outsideKey = ObjectKeys.archiveKey("other", TargetKind.DIRECTORY, "files", created, "outside", Compression.ZSTD);
        String completedKey = ObjectKeys.archiveKey("backups", TargetKind.DIRECTORY, "files", created, "done", Compression.ZSTD);
        UploaderHarness harness = new UploaderHarness(broker, tmp.resolve("state"), 1);
        try (S3Client client = s3.newClient()) {
            client.putObject(b -> b.bucket(bucket).key(completedKey), RequestBody.fromString("a completed archive"));
            client.createMultipartUpload(b -> b.bucket(bucket).key(outsideKey));
            client.createMultipartUpload(b -> b.bucket(bucket).key(oldKey));
            Instant oldInitiated = initiated(client, bucket, oldKey);
            // S3 dates uploads to the second: the recent one must be started in a later second
            Await.until(UploaderHarness.TIMEOUT, () -> Instant.now().isAfter(oldInitiated.plusSeconds(1)),
                    "a second after the old upload's start");
            client.createMultipartUpload(b -> b.bucket(bucket).key(recentKey));
            Instant recentInitiated = initiated(client, bucket, recentKey);
            assertTrue(recentInitiated.isAfter(oldInitiated), oldInitiated + " / " + recentInitiated);
            // an hour after half-way between the two: only the old one is older than abandon-after
            Instant now = oldInitiated.plus(Duration.between(oldInitiated, recentInitiated).dividedBy(2)).plus(Duration.ofHours(1));

            Map<String, Object> properties = new HashMap<>(UploaderHarness.s3Storage("s3", s3, bucket));
            properties.put("uploader-it.clock", now.toString());
            try (EmbeddedServer server = harness.start(properties)) {
                MeterRegistry registry = server.getApplicationContext().getBean(MeterRegistry.class);
                Await.until(UploaderHarness.TIMEOUT, () -> {
                    Counter aborted = registry.find("backstream.uploader.orphan.uploads.aborted").tag("storage", "s3").counter();
                    return aborted != null && aborted.count() >= 1;
                }, "the sweep aborted an orphan");
                Counter aborted = registry.find("backstream.uploader.orphan.uploads.aborted").tag("storage", "s3").counter();
                assertEquals(1.0, aborted.count());
                assertEquals(Set.of(recentKey, outsideKey), uploads(client, bucket).stream().map(MultipartUpload::key)
                        .collect(Collectors.toSet()), "the recent upload and the one outside the prefix are left");
                assertEquals("a completed archive",
                        client.getObjectAsBytes(b -> b.bucket(bucket).key(completedKey)).asUtf8String());
            }
        }
    }

    private static List<MultipartUpload> uploads(S3Client client, String bucket) {
        return client.listMultipartUploads(b -> b.bucket(bucket)).uploads();
    }

    private static Instant initiated(S3Client client, String bucket, String key) {
        return uploads(client, bucket).stream().filter(u -> u.key().equals(key)).findFirst().orElseThrow().initiated();
    }
}
