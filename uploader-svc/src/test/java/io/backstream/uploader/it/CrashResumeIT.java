package io.backstream.uploader.it;

import io.backstream.schema.event.UploadCompleted;
import io.backstream.testkit.Archives;
import io.backstream.testkit.Await;
import io.backstream.testkit.BackstreamInfrastructure;
import io.backstream.testkit.KafkaBroker;
import io.backstream.testkit.S3Server;
import io.backstream.testkit.TreeFixtures;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.runtime.server.EmbeddedServer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The uploader dies right after a part became durable but before it recorded it or committed the
 * record; a new instance with the same consumer group and state directory finishes the backup
 * without sending any durable part again.
 */
@ExtendWith(BackstreamInfrastructure.class)
class CrashResumeIT {

    @Test
    void aRestartedUploaderResumesTheMultipartUploadWithoutResendingDurableParts(
            KafkaBroker broker, S3Server s3, @TempDir Path tmp) throws Exception {
        String bucket = s3.createUniqueBucket("uploader-crash");
        Path tree = TreeFixtures.generate(Files.createDirectories(tmp.resolve("tree")), 26 * 1024 * 1024);
        TestBackup backup = new TestBackup(tree, "files-crash", "s3", UploaderHarness.CHUNK_SIZE);
        int chunks = backup.chunks.size();
        assertTrue(chunks >= 5, "the backup spans at least five parts: " + chunks);

        UploaderHarness harness = new UploaderHarness(broker, tmp.resolve("state"), 1);
        Map<String, Object> properties = new HashMap<>(UploaderHarness.s3Storage("s3", s3, bucket));
        properties.put("test.count-parts", "true");
        String key = io.backstream.schema.ObjectKeys.archiveKey("backups", io.backstream.schema.TargetKind.DIRECTORY,
                backup.targetId, backup.startedAt, backup.backupId, io.backstream.schema.Compression.ZSTD);
        // parts 1 and 2 are recorded normally; the process "dies" as soon as part 3 is durable
        PartCounter.COUNTS.dieAfterPart(3);

        try (KafkaProducer<byte[], byte[]> producer = broker.newProducer()) {
            try (EmbeddedServer first = harness.start(properties)) {
                backup.sendStart(producer, harness.topic);
                for (int i = 0; i < 3; i++) {
                    backup.sendChunk(producer, harness.topic, i);
                }
                Await.until(UploaderHarness.TIMEOUT, () -> PartCounter.COUNTS.dead(), "the first uploader stored part 3 and died");
                assertEquals(1, PartCounter.COUNTS.storedParts(key, 3));
            }

            PartCounter.COUNTS.dieAfterPart(-1);
            try (EmbeddedServer second = harness.start(properties)) {
                for (int i = 3; i < chunks; i++) {
                    backup.sendChunk(producer, harness.topic, i);
                }
                backup.sendEnd(producer, harness.topic, backup.sha256);

                UploadCompleted done = harness.outcome(backup.backupId, UploadCompleted.class);
                assertEquals(key, done.key());
                assertEquals(backup.sha256, done.sha256());
                assertEquals(backup.archive.length, done.size());
                for (int part = 1; part <= chunks; part++) {
                    assertEquals(1, PartCounter.COUNTS.storedParts(key, part), "part " + part + " was stored exactly once");
                }
                double reused = second.getApplicationContext().getBean(MeterRegistry.class)
                        .get("backstream.upload.parts.reused").counter().count();
                // part 3, and any part sent alongside it in the batch that died, was durable but not recorded
                assertTrue(reused >= 1.0 && reused <= 3.0, "the durable parts were found and kept after the restart: " + reused);
                try (S3Client client = s3.newClient()) {
                    byte[] object = client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
                    assertArrayEquals(backup.archive, object);
                    assertEquals(backup.sha256, Archives.sha256(object));
                }
            }
        }
    }
}
