package io.backstream.uploader.domain;

import io.backstream.schema.event.SnapshotFailed;
import io.backstream.schema.event.SnapshotStarted;
import io.backstream.schema.event.UploadCompleted;
import io.backstream.schema.event.UploadFailed;
import io.backstream.schema.manifest.BackupManifest;
import io.backstream.schema.manifest.BackupManifests;
import io.backstream.storage.StoredObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Starting and resuming uploads: restarts simulated by new instances over the same directories. */
class UploadResumptionTest extends UploadFixture {

    @Test
    void aRestartedUploaderSkipsRedeliveredRecordsAndCompletesTheSameArchive() throws Exception {
        BackupUploader first = newUploader();
        record(first, batch -> batch.onStart(started()));
        chunk(first, 0);
        chunk(first, 1);

        BackupUploader second = newUploader();
        record(second, batch -> batch.onStart(started()));
        chunk(second, 1);
        chunk(second, 2);
        record(second, batch -> batch.onEnd(completed()));

        assertEquals(1, events.size(), events.toString());
        UploadCompleted done = (UploadCompleted) events.get(0);
        assertEquals(archiveKey(), done.key());
        assertNull(done.retainUntil(), "a storage without object lock announces no retain-until date");
        assertArrayEquals(all(), Files.readAllBytes(local.root().resolve(done.key())));
        BackupManifest manifest = BackupManifests.read(Files.readAllBytes(local.root().resolve(done.manifestKey())));
        assertEquals(List.of("file-0", "file-1", "file-2"), manifest.files().stream().map(BackupManifest.FileEntry::path).toList());
        assertEquals(List.of(0L, 1L, 2L), manifest.files().stream().map(BackupManifest.FileEntry::chunkSequence).toList());
        assertEquals(List.of(0L, 10_000L, 20_000L), manifest.chunks().stream().map(BackupManifest.Chunk::rawOffset).toList());

        record(second, batch -> batch.onEnd(completed()));
        assertEquals(1, events.size(), "a redelivered end record announces nothing twice");
    }

    @Test
    void aPartStoredBeforeACrashIsKeptInsteadOfSentAgain() throws Exception {
        BackupUploader first = newUploader();
        record(first, batch -> batch.onStart(started()));
        try (BackupUploader.Batch batch = first.batch()) {
            batch.onIndex("b-1", index(0));
            batch.onChunk(headers(0), data(0));
            // the process dies after the part was stored, before the state was written
        }

        BackupUploader second = newUploader();
        for (int i = 0; i < chunks.size(); i++) {
            chunk(second, i);
        }
        record(second, batch -> batch.onEnd(completed()));

        assertEquals(List.of("disk"), reusedParts);
        UploadCompleted done = (UploadCompleted) events.get(0);
        assertArrayEquals(all(), Files.readAllBytes(local.root().resolve(done.key())));
    }

    @Test
    void aStartRecordNamingAnUnknownStorageFailsAndSaysWhichAreConfigured() {
        SnapshotStarted started = started();
        SnapshotStarted elsewhere = new SnapshotStarted(started.backupId(), started.targetId(), started.targetKind(),
                started.workerId(), started.type(), started.parentBackupId(), started.compression(), "tape",
                started.policyId(), started.startedAt());

        assertNull(resumption(store()).start(elsewhere));

        UploadFailed failed = (UploadFailed) events.get(0);
        assertEquals("unknown storage 'tape' (configured: disk)", failed.reason());
        assertEquals("failed", store().outcome("b-1").orElseThrow());
    }

    @Test
    void anArchiveAlreadyUnderTheKeyFailsTheBackupAndIsLeftAsItIs() throws Exception {
        byte[] theirs = "someone else's archive".getBytes(StandardCharsets.UTF_8);
        local.put(archiveKey(), theirs, "application/zstd");

        assertNull(resumption(store()).start(started()));

        UploadFailed failed = (UploadFailed) events.get(0);
        assertEquals("object-exists: " + archiveKey() + " already exists in storage disk; it is left as it is",
                failed.reason());
        assertArrayEquals(theirs, Files.readAllBytes(local.root().resolve(archiveKey())));
        assertFalse(local.findUpload(archiveKey()).isPresent(), "no upload was started");
        assertEquals("failed", store().outcome("b-1").orElseThrow());
    }

    @Test
    void aManifestAlreadyUnderTheKeyFailsTheBackupAndIsLeftAsItIs() throws Exception {
        byte[] theirs = "{}".getBytes(StandardCharsets.UTF_8);
        String manifestKey = archiveKey() + ".manifest.json";
        local.put(manifestKey, theirs, "application/json");

        BackupUploader uploader = newUploader();
        record(uploader, batch -> batch.onStart(started()));
        chunk(uploader, 0);
        record(uploader, batch -> batch.onAbort(new SnapshotFailed("b-1", "files", "w", "forged", startedAt)));

        assertEquals(1, events.size(), events.toString());
        assertTrue(((UploadFailed) events.get(0)).reason().startsWith("object-exists: " + manifestKey),
                events.toString());
        assertArrayEquals(theirs, Files.readAllBytes(local.root().resolve(manifestKey)));
        assertEquals(List.of(manifestKey), local.list("").stream().map(StoredObject::key).toList());
    }

    @Test
    void aRecordOfABackupWithNeitherStartNorStateFailsIt() {
        assertNull(resumption(store()).resume("b-1", "chunk 3"));

        UploadFailed failed = (UploadFailed) events.get(0);
        assertEquals("received chunk 3 of backup b-1 without its start record and with no resumable upload state",
                failed.reason());
    }

    @Test
    void aFinishedBackupIsNotResumed() {
        StateStore store = store();
        store.finish("b-1", "completed");

        assertNull(resumption(store).resume("b-1", "chunk 3"));
        assertEquals(List.of(), events, "nothing is announced for a finished backup");
    }
}
