package io.backstream.uploader.domain;

import io.backstream.schema.event.UploadCompleted;
import io.backstream.schema.event.UploadFailed;
import io.backstream.schema.manifest.BackupManifest;
import io.backstream.schema.manifest.BackupManifests;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the uploader's batches route records to the stages, on a real local store. */
class BackupUploaderTest extends UploadFixture {

    @Test
    void aBatchClosedWithoutACommitIsForgottenAndItsRedeliveryCompletesTheArchive() throws Exception {
        BackupUploader uploader = newUploader();
        record(uploader, batch -> batch.onStart(started()));
        try (BackupUploader.Batch batch = uploader.batch()) {
            batch.onIndex("b-1", index(0));
            batch.onChunk(headers(0), data(0));
            batch.onIndex("b-1", index(1));
            batch.onChunk(headers(1), data(1));
            // no commit: the poll failed, so the consumer will deliver these records again
        }
        try (BackupUploader.Batch batch = uploader.batch()) {
            for (int i = 0; i < chunks.size(); i++) {
                batch.onIndex("b-1", index(i));
                batch.onChunk(headers(i), data(i));
            }
            batch.onEnd(completed());
            batch.commit();
        }

        UploadCompleted done = (UploadCompleted) events.get(0);
        assertArrayEquals(all(), Files.readAllBytes(local.root().resolve(done.key())));
        BackupManifest manifest = BackupManifests.read(Files.readAllBytes(local.root().resolve(done.manifestKey())));
        assertEquals(List.of("file-0", "file-1", "file-2"), manifest.files().stream().map(BackupManifest.FileEntry::path).toList(),
                "the forgotten batch left no file entries behind");
        assertEquals(List.of(0L, 1L, 2L), manifest.chunks().stream().map(BackupManifest.Chunk::sequence).toList());
    }

    @Test
    void aMissingChunkFailsTheBackupAndLeavesNoObject() {
        BackupUploader uploader = newUploader();
        record(uploader, batch -> batch.onStart(started()));
        chunk(uploader, 0);
        record(uploader, batch -> batch.onChunk(headers(2), data(2)));

        UploadFailed failed = (UploadFailed) events.get(0);
        assertTrue(failed.reason().contains("chunk 2 arrived while chunk 1 was expected"), failed.reason());
        assertEquals("disk", failed.storage());
        assertTrue(local.list("").isEmpty(), "nothing is left in the store");
        assertFalse(local.findUpload(archiveKey()).isPresent());
    }
}
