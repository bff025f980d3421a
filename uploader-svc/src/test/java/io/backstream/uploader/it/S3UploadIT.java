package io.backstream.uploader.it;

import io.backstream.schema.ObjectKeys;
import io.backstream.schema.TargetKind;
import io.backstream.schema.event.UploadCompleted;
import io.backstream.schema.manifest.BackupManifest;
import io.backstream.schema.manifest.BackupManifests;
import io.backstream.testkit.Archives;
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
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Backups streamed on the chunk topic become verified objects with manifests in S3. */
@ExtendWith(BackstreamInfrastructure.class)
class S3UploadIT {

    @Test
    void twoConcurrentMultiChunkBackupsEachLandAsOneVerifiedObjectWithItsManifest(
            KafkaBroker broker, S3Server s3, @TempDir Path tmp) throws Exception {
        String bucket = s3.createUniqueBucket("uploader-it");
        Path tree = TreeFixtures.generate(Files.createDirectories(tmp.resolve("tree")), 12 * 1024 * 1024);
        TestBackup first = new TestBackup(tree, "files-main", null, UploaderHarness.CHUNK_SIZE);
        TestBackup second = new TestBackup(tree, "files-other", "s3", UploaderHarness.CHUNK_SIZE);
        assertTrue(first.chunks.size() >= 3, "the backup spans several parts: " + first.chunks.size());

        UploaderHarness harness = new UploaderHarness(broker, tmp.resolve("state"), 2);
        try (EmbeddedServer server = harness.start(UploaderHarness.s3Storage("s3", s3, bucket));
             KafkaProducer<byte[], byte[]> producer = broker.newProducer()) {
            // interleaved, as two workers would produce them
            first.sendStart(producer, harness.topic);
            second.sendStart(producer, harness.topic);
            for (int i = 0; i < first.chunks.size(); i++) {
                first.sendChunk(producer, harness.topic, i);
                second.sendChunk(producer, harness.topic, i);
            }
            first.sendEnd(producer, harness.topic, first.sha256);
            second.sendEnd(producer, harness.topic, second.sha256);

            for (TestBackup backup : List.of(first, second)) {
                UploadCompleted done = harness.outcome(backup.backupId, UploadCompleted.class);
                String key = ObjectKeys.archiveKey("backups", TargetKind.DIRECTORY, backup.targetId, backup.startedAt,
                        backup.backupId, io.backstream.schema.Compression.ZSTD);
                assertEquals(key, done.key());
                assertEquals(ObjectKeys.manifestKey(key), done.manifestKey());
                assertEquals("s3", done.storage());
                assertEquals(bucket, done.bucket());
                assertEquals(backup.archive.length, done.size());
                assertEquals(backup.sha256, done.sha256());
                assertEquals(backup.chunks.size(), done.chunkCount());
                assertNotNull(done.etag());

                try (S3Client client = s3.newClient()) {
                    ResponseBytes<GetObjectResponse> object = client.getObjectAsBytes(b -> b.bucket(bucket).key(key));
                    assertArrayEquals(backup.archive, object.asByteArray(), "the object is the concatenated chunks");
                    Path archive = tmp.resolve(backup.backupId + ".tar.zst");
                    Files.write(archive, object.asByteArray());
                    assertEquals(TestBackup.treePaths(tree), gnuTarListing(archive));

                    byte[] manifestBytes = client.getObjectAsBytes(b -> b.bucket(bucket).key(done.manifestKey())).asByteArray();
                    BackupManifest manifest = BackupManifests.read(manifestBytes);
                    assertManifest(backup, manifest);
                }
            }
            MeterRegistry metrics = server.getApplicationContext().getBean(MeterRegistry.class);
            assertEquals(2.0, metrics.get("backstream.upload.runs").tags("storage", "s3", "result", "completed").counter().count());
            assertEquals(first.archive.length + second.archive.length,
                    metrics.get("backstream.upload.bytes").tag("storage", "s3").counter().count());
        }
    }

    static void assertManifest(TestBackup backup, BackupManifest manifest) {
        assertEquals(BackupManifests.FORMAT_VERSION, manifest.formatVersion());
        assertEquals(backup.backupId, manifest.backupId());
        assertEquals(backup.targetId, manifest.targetId());
        assertEquals(TargetKind.DIRECTORY, manifest.targetKind());
        assertEquals("policy-it", manifest.policyId());
        assertEquals(backup.startedAt, manifest.createdAt());
        assertEquals(backup.archive.length, manifest.archiveSize());
        assertEquals(backup.sha256, manifest.archiveSha256());
        assertEquals(backup.rawBytes, manifest.rawBytes());
        assertEquals(List.of("test warning"), manifest.warnings());
        assertEquals(backup.chunks.size(), manifest.chunks().size());
        long offset = 0;
        for (int i = 0; i < backup.chunks.size(); i++) {
            BackupManifest.Chunk chunk = manifest.chunks().get(i);
            assertEquals(i, chunk.sequence());
            assertEquals(offset, chunk.offset());
            assertEquals(backup.chunks.get(i).length, chunk.size());
            assertEquals(Archives.sha256(backup.chunks.get(i)), chunk.sha256());
            assertEquals(backup.indexes.get(i).rawOffset(), chunk.rawOffset());
            assertEquals(backup.indexes.get(i).rawSize(), chunk.rawSize());
            offset += chunk.size();
        }
        List<BackupManifest.FileEntry> expected = new ArrayList<>();
        backup.indexes.forEach(index -> expected.addAll(index.files()));
        assertEquals(expected, manifest.files(), "every file entry, with the chunk its header starts in");
    }

    /** What GNU tar lists from the archive, as relative paths without trailing slashes. */
    static Set<String> gnuTarListing(Path archive) throws IOException, InterruptedException {
        Process tar = new ProcessBuilder("tar", "--zstd", "-tf", archive.toString()).redirectErrorStream(true).start();
        String out = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(tar.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, tar.exitValue(), out);
        Set<String> paths = new TreeSet<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                paths.add(line.endsWith("/") ? line.substring(0, line.length() - 1) : line);
            }
        }
        return paths;
    }
}
