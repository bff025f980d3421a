package io.backstream.uploader.it;

import io.backstream.schema.event.UploadCompleted;
import io.backstream.schema.manifest.BackupManifests;
import io.backstream.testkit.BackstreamInfrastructure;
import io.backstream.testkit.KafkaBroker;
import io.backstream.testkit.TreeFixtures;
import io.backstream.testkit.UniqueNames;
import io.micronaut.runtime.server.EmbeddedServer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The same backup through the {@code local} backend (a directory) and the {@code gcs} backend. GCS
 * runs against Google's in-memory {@code LocalStorageHelper} ({@link FakeGcsFactory} lists its
 * limits); the uploader uses it through the real google-cloud-storage client API.
 */
@ExtendWith(BackstreamInfrastructure.class)
class LocalAndGcsIT {

    @Test
    void theSameBackupLandsVerifiedOnLocalDiskAndInGcs(KafkaBroker broker, @TempDir Path tmp) throws Exception {
        Path tree = TreeFixtures.generate(Files.createDirectories(tmp.resolve("tree")), 8 * 1024 * 1024);
        Path localRoot = tmp.resolve("local-store");
        String gcsBucket = UniqueNames.bucket("uploader-gcs");
        TestBackup toLocal = new TestBackup(tree, "files-local", "disk", UploaderHarness.CHUNK_SIZE);
        TestBackup toGcs = new TestBackup(tree, "files-gcs", "gcs", UploaderHarness.CHUNK_SIZE);

        UploaderHarness harness = new UploaderHarness(broker, tmp.resolve("state"), 2);
        try (EmbeddedServer ignored = harness.start(Map.of(
                "test.fake-gcs", "true",
                "backstream.uploader.default-storage", "disk",
                "backstream.storages.disk.type", "local",
                "backstream.storages.disk.root", localRoot.toString(),
                "backstream.storages.gcs.type", "gcs",
                "backstream.storages.gcs.bucket", gcsBucket,
                "backstream.storages.gcs.prefix", "backups",
                "backstream.storages.gcs.session-dir", tmp.resolve("gcs-sessions").toString()));
             KafkaProducer<byte[], byte[]> producer = broker.newProducer()) {
            toLocal.sendAll(producer, harness.topic);
            toGcs.sendAll(producer, harness.topic);

            UploadCompleted local = harness.outcome(toLocal.backupId, UploadCompleted.class);
            assertEquals("disk", local.storage());
            assertNull(local.bucket(), "local storage has no bucket");
            assertEquals(toLocal.sha256, local.sha256());
            byte[] localObject = Files.readAllBytes(localRoot.resolve(local.key()));
            assertArrayEquals(toLocal.archive, localObject);
            assertEquals(TestBackup.treePaths(tree), S3UploadIT.gnuTarListing(localRoot.resolve(local.key())));
            S3UploadIT.assertManifest(toLocal, BackupManifests.read(Files.readAllBytes(localRoot.resolve(local.manifestKey()))));

            UploadCompleted gcs = harness.outcome(toGcs.backupId, UploadCompleted.class);
            assertEquals("gcs", gcs.storage());
            assertEquals(gcsBucket, gcs.bucket());
            assertEquals(toGcs.sha256, gcs.sha256());
            byte[] gcsObject = FakeGcsFactory.STORAGE.readAllBytes(gcsBucket, gcs.key());
            assertArrayEquals(toGcs.archive, gcsObject);
            S3UploadIT.assertManifest(toGcs, BackupManifests.read(FakeGcsFactory.STORAGE.readAllBytes(gcsBucket, gcs.manifestKey())));
        }
    }
}
