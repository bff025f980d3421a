package io.backstream.uploader.it;

import com.sun.net.httpserver.HttpServer;
import io.backstream.schema.ChunkHeaders;
import io.backstream.schema.DeadLetterHeaders;
import io.backstream.schema.ObjectKeys;
import io.backstream.schema.TargetKind;
import io.backstream.schema.Topics;
import io.backstream.schema.event.UploadCompleted;
import io.backstream.schema.event.UploadFailed;
import io.backstream.testkit.Await;
import io.backstream.testkit.BackstreamInfrastructure;
import io.backstream.testkit.KafkaBroker;
import io.backstream.testkit.S3Server;
import io.backstream.testkit.TreeFixtures;
import io.micronaut.runtime.server.EmbeddedServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way an upload can go wrong ends in UploadFailed with a reason, or in the DLQ; nothing looks complete. */
@ExtendWith(BackstreamInfrastructure.class)
class UploadFailuresIT {

    private static final int RETRY_ATTEMPTS = 3;

    @Test
    void failuresEndInUploadFailedOrTheDeadLetterTopic(KafkaBroker broker, S3Server s3, @TempDir Path tmp) throws Exception {
        String bucket = s3.createUniqueBucket("uploader-fail");
        Path tree = TreeFixtures.generate(Files.createDirectories(tmp.resolve("tree")), 6 * 1024 * 1024);
        AtomicInteger brokenRequests = new AtomicInteger();
        HttpServer broken = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        broken.createContext("/", exchange -> {
            brokenRequests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] body = "<Error><Code>InternalError</Code><Message>always broken</Message></Error>"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(500, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        broken.start();

        UploaderHarness harness = new UploaderHarness(broker, tmp.resolve("state"), 2);
        Map<String, Object> properties = new HashMap<>(UploaderHarness.s3Storage("s3", s3, bucket));
        properties.putAll(Map.of(
                "backstream.uploader.retry-max-attempts", RETRY_ATTEMPTS,
                "backstream.storages.broken.type", "s3",
                "backstream.storages.broken.bucket", "broken",
                "backstream.storages.broken.endpoint", "http://127.0.0.1:" + broken.getAddress().getPort(),
                "backstream.storages.broken.path-style", true,
                "backstream.storages.broken.access-key", "test",
                "backstream.storages.broken.secret-key", "test-secret"));
        try (EmbeddedServer ignored = harness.start(properties);
             KafkaProducer<byte[], byte[]> producer = broker.newProducer()) {
            TestBackup toBroken = new TestBackup(tree, "files-broken", "broken", UploaderHarness.CHUNK_SIZE);
            TestBackup badChecksum = new TestBackup(tree, "files-badsum", "s3", UploaderHarness.CHUNK_SIZE);
            TestBackup unknownStorage = new TestBackup(tree, "files-nowhere", "nowhere", UploaderHarness.CHUNK_SIZE);
            TestBackup noStart = new TestBackup(tree, "files-nostart", "s3", UploaderHarness.CHUNK_SIZE);
            TestBackup corrupt = new TestBackup(tree, "files-corrupt", "s3", UploaderHarness.CHUNK_SIZE);

            toBroken.sendAll(producer, harness.topic);
            badChecksum.sendStart(producer, harness.topic);
            for (int i = 0; i < badChecksum.chunks.size(); i++) {
                badChecksum.sendChunk(producer, harness.topic, i);
            }
            String wrongSha = "0".repeat(64);
            badChecksum.sendEnd(producer, harness.topic, wrongSha);
            unknownStorage.sendAll(producer, harness.topic);
            noStart.sendChunk(producer, harness.topic, 0);
            // chunk bytes that do not match their headers' SHA-256
            byte[] tampered = corrupt.chunks.get(0).clone();
            tampered[100] ^= 1;
            ChunkHeaders headers = corrupt.headers(0);
            corrupt.send(producer, harness.topic, headers.toHeaders(), tampered);

            UploadFailed storageDown = harness.outcome(toBroken.backupId, UploadFailed.class);
            assertEquals("broken", storageDown.storage());
            assertTrue(storageDown.reason().contains("cannot start the upload"), storageDown.reason());
            assertTrue(brokenRequests.get() >= RETRY_ATTEMPTS, "the storage was retried: " + brokenRequests.get());
            assertTrue(!storageDown.reason().contains("test-secret"), "no secret in the reason");

            UploadFailed checksum = harness.outcome(badChecksum.backupId, UploadFailed.class);
            assertTrue(checksum.reason().contains("checksum mismatch"), checksum.reason());
            assertTrue(checksum.reason().contains(badChecksum.sha256) && checksum.reason().contains(wrongSha), checksum.reason());
            String key = ObjectKeys.archiveKey("backups", TargetKind.DIRECTORY, badChecksum.targetId,
                    badChecksum.startedAt, badChecksum.backupId, io.backstream.schema.Compression.ZSTD);
            try (S3Client client = s3.newClient()) {
                assertThrows(NoSuchKeyException.class, () -> client.headObject(b -> b.bucket(bucket).key(key)),
                        "no object is left looking complete");
                assertThrows(NoSuchKeyException.class,
                        () -> client.headObject(b -> b.bucket(bucket).key(ObjectKeys.manifestKey(key))));
                assertTrue(client.listMultipartUploads(b -> b.bucket(bucket)).uploads().stream()
                        .noneMatch(u -> u.key().equals(key)), "the multipart upload was aborted");
            }

            UploadFailed nowhere = harness.outcome(unknownStorage.backupId, UploadFailed.class);
            assertTrue(nowhere.reason().contains("unknown storage 'nowhere'"), nowhere.reason());
            assertTrue(nowhere.reason().contains("broken") && nowhere.reason().contains("s3"), "names the configured ones");

            UploadFailed orphan = harness.outcome(noStart.backupId, UploadFailed.class);
            assertTrue(orphan.reason().contains("without its start record"), orphan.reason());
            assertNull(orphan.storage());

            List<ConsumerRecord<byte[], byte[]>> dead = broker.readUntil(Topics.dlq(harness.topic),
                    records -> !records.isEmpty(), UploaderHarness.TIMEOUT);
            assertEquals(1, dead.size());
            assertEquals(corrupt.backupId, new String(dead.get(0).key(), StandardCharsets.UTF_8));
            assertArrayEquals(tampered, dead.get(0).value(), "the dead letter keeps the chunk's bytes as they arrived");
            assertEquals("INVALID", new String(dead.get(0).headers().lastHeader(DeadLetterHeaders.REASON).value(),
                    StandardCharsets.UTF_8));
        } finally {
            broken.stop(0);
        }
    }

    /**
     * A batch that fails on every retry (here its backup's state cannot be written) must not be skipped:
     * once the state directory works again, the backup completes from the same records. A malformed record
     * in the same batch reaches the dead-letter topic once, however often the batch is delivered again.
     */
    @Test
    void aBatchThatFailsOnEveryRetryIsDeliveredAgainNotSkipped(KafkaBroker broker, S3Server s3, @TempDir Path tmp)
            throws Exception {
        String bucket = s3.createUniqueBucket("uploader-stuck");
        Path tree = TreeFixtures.generate(Files.createDirectories(tmp.resolve("tree")), 6 * 1024 * 1024);
        TestBackup backup = new TestBackup(tree, "files-stuck", "s3", UploaderHarness.CHUNK_SIZE);
        TestBackup corrupt = new TestBackup(tree, "files-corrupt", "s3", UploaderHarness.CHUNK_SIZE);
        UploaderHarness harness = new UploaderHarness(broker, Files.createDirectories(tmp.resolve("state")), 1);
        // a file where the backup's state directory goes: creating the upload state fails until it is removed
        Path obstacle = Files.writeString(Files.createDirectories(harness.stateDir.resolve("backups"))
                .resolve(backup.backupId), "in the way");
        // everything is on the topic before the uploader starts, so its first poll holds all of it
        try (KafkaProducer<byte[], byte[]> producer = broker.newProducer()) {
            byte[] tampered = corrupt.chunks.get(0).clone();
            tampered[100] ^= 1;
            corrupt.send(producer, harness.topic, corrupt.headers(0).toHeaders(), tampered);
            backup.sendAll(producer, harness.topic);
        }
        Map<String, Object> properties = new HashMap<>(UploaderHarness.s3Storage("s3", s3, bucket));
        properties.put("backstream.uploader.record-retries", 1);
        try (EmbeddedServer ignored = harness.start(properties);
             Admin admin = broker.newAdmin()) {
            TopicPartition partition = new TopicPartition(harness.topic, 0);
            // nothing is committed until the retries run out; then Micronaut commits the consumer's position
            OffsetAndMetadata committed = Await.untilPresent(UploaderHarness.TIMEOUT, () -> committedOffset(admin, harness.groupId, partition),
                    "an offset committed after the retries ran out");
            assertEquals(0, committed.offset(), "the failed batch was not committed past");

            Files.delete(obstacle);
            UploadCompleted done = harness.outcome(backup.backupId, UploadCompleted.class);
            assertEquals(backup.sha256, done.sha256());
            try (S3Client client = s3.newClient()) {
                assertArrayEquals(backup.archive, client.getObjectAsBytes(b -> b.bucket(bucket).key(done.key())).asByteArray());
            }
            TopicPartition deadLetters = new TopicPartition(Topics.dlq(harness.topic), 0);
            long dead = admin.listOffsets(Map.of(deadLetters, OffsetSpec.latest())).all().get().get(deadLetters).offset();
            assertEquals(1, dead, "the malformed record was dead-lettered once");
        }
    }

    private static Optional<OffsetAndMetadata> committedOffset(Admin admin, String groupId, TopicPartition partition) {
        try {
            return Optional.ofNullable(admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get()
                    .get(partition));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }
}
