package io.backstream.uploader.domain;

import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.manifest.BackupManifest;
import io.backstream.schema.manifest.BackupManifests;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The manifest of a completed archive, assembled from the start and end records and the spools. */
class ManifestUploadTest extends UploadFixture {

    @Test
    void theManifestListsTheSpooledChunksAndFilesAndLeavesNoTemporaryFile() throws Exception {
        StateStore store = store();
        ActiveUpload durable = durableBackup(store);
        SnapshotCompleted end = completed();
        SnapshotCompleted undated = new SnapshotCompleted(end.backupId(), end.targetId(), end.targetKind(),
                end.workerId(), end.type(), end.parentBackupId(), end.compression(), end.encryptionKeyId(),
                end.storage(), end.policyId(), end.chunkCount(), end.rawBytes(), end.storedBytes(), end.sha256(),
                end.fileCount(), end.warnings(), end.startedAt(), null);
        Instant now = Instant.parse("2026-11-21T10:07:00Z");
        Path assembly = Files.createDirectories(tmp.resolve("assembly"));

        new ManifestUpload(store, Clock.fixed(now, ZoneOffset.UTC), assembly).upload(durable, undated);

        BackupManifest manifest = BackupManifests.read(Files.readAllBytes(
                local.root().resolve(durable.state.manifestKey())));
        assertEquals(List.of(0L, 1L, 2L), manifest.chunks().stream().map(BackupManifest.Chunk::sequence).toList());
        assertEquals(List.of("file-0", "file-1", "file-2"), manifest.files().stream().map(BackupManifest.FileEntry::path).toList());
        assertEquals(end.sha256(), manifest.archiveSha256());
        assertEquals(now, manifest.completedAt(), "an end record without a date is dated by the uploader");
        try (Stream<Path> left = Files.list(assembly)) {
            assertEquals(List.of(), left.toList());
        }
    }
}
