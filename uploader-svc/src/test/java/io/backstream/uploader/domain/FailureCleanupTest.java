package io.backstream.uploader.domain;

import io.backstream.schema.event.SnapshotFailed;
import io.backstream.schema.event.UploadFailed;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A failed backup leaves nothing of its own in its store, touches nothing else and is announced once. */
class FailureCleanupTest extends UploadFixture {

    @Test
    void anAbortRecordThrowsAwayWhatWasUploaded() {
        BackupUploader uploader = newUploader();
        record(uploader, batch -> batch.onStart(started()));
        chunk(uploader, 0);
        record(uploader, batch -> batch.onAbort(new SnapshotFailed(started().backupId(), "files", "w-1",
                "disk full on the worker", startedAt.plusSeconds(5))));

        UploadFailed failed = (UploadFailed) events.get(0);
        assertEquals("the snapshot failed: disk full on the worker", failed.reason());
        assertTrue(local.list("").isEmpty(), "nothing is left in the store");
        assertFalse(local.findUpload(archiveKey()).isPresent());
    }

    @Test
    void objectsFoundUnderTheKeysAreNotDeletedWhenAnUnfinishedBackupFails() throws Exception {
        BackupUploader uploader = newUploader();
        record(uploader, batch -> batch.onStart(started()));
        chunk(uploader, 0);
        byte[] theirs = "written by someone else after the upload began".getBytes(StandardCharsets.UTF_8);
        local.put(archiveKey(), theirs, "application/zstd");
        local.put(archiveKey() + ".manifest.json", theirs, "application/json");

        record(uploader, batch -> batch.onAbort(new SnapshotFailed("b-1", "files", "w-1", "forged", startedAt)));

        assertEquals("the snapshot failed: forged", ((UploadFailed) events.get(0)).reason());
        assertArrayEquals(theirs, Files.readAllBytes(local.root().resolve(archiveKey())));
        assertArrayEquals(theirs, Files.readAllBytes(local.root().resolve(archiveKey() + ".manifest.json")));
        assertFalse(local.findUpload(archiveKey()).isPresent(), "its own multipart upload was aborted");
    }

    @Test
    void aCompletedArchiveAndItsManifestAreDeletedWhenTheBackupFailsAfterwards() throws Exception {
        StateStore store = store();
        ActiveUpload durable = durableBackup(store);
        new ArchiveCompletion(store).complete(durable, completed());
        new ManifestUpload(store, Clock.systemUTC(), tmp).upload(durable, completed());

        new FailureCleanup(outcomes(store)).fail(durable, "the catalog said no");

        assertTrue(local.list("").isEmpty(), "nothing is left in the store");
        assertEquals("the catalog said no", ((UploadFailed) events.get(0)).reason());
        assertEquals("failed", store.outcome("b-1").orElseThrow());
    }
}
