package io.backstream.uploader.domain;

import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.event.UploadFailed;
import io.backstream.storage.StoredObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The end-of-stream verification: an archive is completed only when it matches the end record. */
class ArchiveCompletionTest extends UploadFixture {

    @Test
    void anEndRecordWithAnotherChecksumFailsTheBackup() {
        BackupUploader uploader = newUploader();
        record(uploader, batch -> batch.onStart(started()));
        for (int i = 0; i < chunks.size(); i++) {
            chunk(uploader, i);
        }
        record(uploader, batch -> batch.onEnd(completed("1".repeat(64))));

        UploadFailed failed = (UploadFailed) events.get(0);
        assertTrue(failed.reason().startsWith("checksum mismatch"), failed.reason());
        assertTrue(local.list("").isEmpty(), "nothing is left in the store");
    }

    @Test
    void anEndRecordAnnouncingMoreChunksThanArrivedCompletesNothing() throws Exception {
        StateStore store = store();
        ActiveUpload durable = durableBackup(store);
        SnapshotCompleted end = completed();
        SnapshotCompleted more = new SnapshotCompleted(end.backupId(), end.targetId(), end.targetKind(), end.workerId(),
                end.type(), end.parentBackupId(), end.compression(), end.encryptionKeyId(), end.storage(), end.policyId(),
                4, end.rawBytes(), end.storedBytes(), end.sha256(), end.fileCount(), end.warnings(), end.startedAt(),
                end.completedAt());

        UploadFailure failure = assertThrows(UploadFailure.class, () -> new ArchiveCompletion(store).complete(durable, more));

        assertEquals("the worker announced 4 chunks but 3 arrived", failure.getMessage());
        assertFalse(local.head(archiveKey()).isPresent(), "the archive object was not completed");
        assertFalse(store.load("b-1").orElseThrow().completed());
    }

    @Test
    void aCompletedArchiveIsRecordedSoARedeliveredEndRecordFindsItInsteadOfCompletingItAgain() throws Exception {
        StateStore store = store();
        ActiveUpload durable = durableBackup(store);
        ArchiveCompletion completion = new ArchiveCompletion(store);

        StoredObject object = completion.complete(durable, completed());

        assertEquals(all().length, object.size());
        assertArrayEquals(all(), Files.readAllBytes(local.root().resolve(archiveKey())));
        assertTrue(store.load("b-1").orElseThrow().completed());
        ActiveUpload resumed = resumption(store).resume("b-1", "the end record");
        assertEquals(object.size(), completion.complete(resumed, completed()).size());
    }
}
