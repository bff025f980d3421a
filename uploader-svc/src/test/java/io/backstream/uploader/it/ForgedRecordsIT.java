package io.backstream.uploader.it;

import io.backstream.schema.Compression;
import io.backstream.schema.ObjectKeys;
import io.backstream.schema.TargetKind;
import io.backstream.schema.event.UploadCompleted;
import io.backstream.schema.event.UploadFailed;
import io.backstream.testkit.BackstreamInfrastructure;
import io.backstream.testkit.KafkaBroker;
import io.backstream.testkit.S3Server;
import io.backstream.testkit.TreeFixtures;
import io.backstream.testkit.UniqueNames;
import io.micronaut.runtime.server.EmbeddedServer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Forged or colliding records on the chunk topic never overwrite or delete another backup's objects. */
@ExtendWith(BackstreamInfrastructure.class)
class ForgedRecordsIT {

    @Test
    void aForgedStartAndAbortWithACompletedBackupsStartTimeLeaveItsObjectsByteIdentical(
            KafkaBroker broker, S3Server s3, @TempDir Path tmp) throws Exception {
        String bucket = s3.createUniqueBucket("uploader-forged");
        TestBackup victim = backupOf(tmp, "files-victim");
        UploaderHarness harness = new UploaderHarness(broker, tmp.resolve("state"), 1);
        try (EmbeddedServer ignored = harness.start(UploaderHarness.s3Storage("s3", s3, bucket));
             KafkaProducer<byte[], byte[]> producer = broker.newProducer();
             S3Client client = s3.newClient()) {
            victim.sendAll(producer, harness.topic);
            UploadCompleted done = harness.outcome(victim.backupId, UploadCompleted.class);
            byte[] archive = client.getObjectAsBytes(b -> b.bucket(bucket).key(done.key())).asByteArray();
            byte[] manifest = client.getObjectAsBytes(b -> b.bucket(bucket).key(done.manifestKey())).asByteArray();

            TestBackup forged = victim.withBackupId(UniqueNames.id("forged"));
            forged.sendStart(producer, harness.topic);
            forged.sendAbort(producer, harness.topic, "forged");

            UploadFailed failed = harness.outcome(forged.backupId, UploadFailed.class);
            assertEquals("the snapshot failed: forged", failed.reason());
            assertArrayEquals(archive, client.getObjectAsBytes(b -> b.bucket(bucket).key(done.key())).asByteArray(),
                    "the completed archive is untouched");
            assertArrayEquals(manifest,
                    client.getObjectAsBytes(b -> b.bucket(bucket).key(done.manifestKey())).asByteArray(),
                    "the completed manifest is untouched");
            assertTrue(client.listMultipartUploads(b -> b.bucket(bucket)).uploads().isEmpty(),
                    "the forged backup's own upload was aborted");
        }
    }

    @Test
    void anUploadOntoAnExistingKeyFailsWithObjectExistsAndLeavesTheObject(
            KafkaBroker broker, S3Server s3, @TempDir Path tmp) throws Exception {
        String bucket = s3.createUniqueBucket("uploader-exists");
        TestBackup backup = backupOf(tmp, "files-taken");
        String key = ObjectKeys.archiveKey("backups", TargetKind.DIRECTORY, backup.targetId, backup.startedAt,
                backup.backupId, Compression.ZSTD);
        byte[] theirs = "an object that was there first".getBytes(StandardCharsets.UTF_8);
        UploaderHarness harness = new UploaderHarness(broker, tmp.resolve("state"), 1);
        try (EmbeddedServer ignored = harness.start(UploaderHarness.s3Storage("s3", s3, bucket));
             KafkaProducer<byte[], byte[]> producer = broker.newProducer();
             S3Client client = s3.newClient()) {
            client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(theirs));

            backup.sendAll(producer, harness.topic);

            UploadFailed failed = harness.outcome(backup.backupId, UploadFailed.class);
            assertTrue(failed.reason().startsWith("object-exists: " + key), failed.reason());
            assertArrayEquals(theirs, client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
            assertThrows(NoSuchKeyException.class,
                    () -> client.headObject(b -> b.bucket(bucket).key(ObjectKeys.manifestKey(key))));
            assertTrue(client.listMultipartUploads(b -> b.bucket(bucket)).uploads().isEmpty(), "no upload was started");
        }
    }

    /** A backup of a small generated tree to storage {@code s3}. */
    private static TestBackup backupOf(Path tmp, String targetId) throws Exception {
        Path tree = TreeFixtures.generate(Files.createDirectories(tmp.resolve("tree")), 2 * 1024 * 1024);
        return new TestBackup(tree, targetId, "s3", UploaderHarness.CHUNK_SIZE);
    }
}
