package io.backstream.uploader.domain;

import io.backstream.schema.BackupType;
import io.backstream.schema.ChunkHeaders;
import io.backstream.schema.ChunkIndex;
import io.backstream.schema.Compression;
import io.backstream.schema.TargetKind;
import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.event.SnapshotStarted;
import io.backstream.schema.event.UploadCompleted;
import io.backstream.schema.event.SnapshotFailed;
import io.backstream.schema.event.UploadFailed;
import io.backstream.schema.manifest.BackupManifest;
import io.backstream.schema.manifest.BackupManifests;
import io.backstream.storage.WriteOptions;
import io.backstream.storage.local.LocalObjectStorage;
import io.backstream.testkit.Archives;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The uploader's record handling on a real local store, restarts simulated by new instances. */
class BackupUploaderTest {

    @TempDir
    Path tmp;
    private LocalObjectStorage local;
    private final List<Object> events = new ArrayList<>();
    private final List<byte[]> chunks = new ArrayList<>();
    private final Instant startedAt = Instant.parse("2026-11-21T10:00:00Z");

    @BeforeEach
    void setUp() {
        local = new LocalObjectStorage(tmp.resolve("store"));
        Random random = new Random(7);
        for (int size : new int[]{4000, 4000, 1500}) {
            byte[] chunk = new byte[size];
            random.nextBytes(chunk);
            chunks.add(chunk);
        }
    }

    private BackupUploader newUploader() {
        StorageDirectory storages = new StorageDirectory() {
            @Override
            public Optional<NamedStorage> find(String name) {
                return "disk".equals(name)
                        ? Optional.of(new NamedStorage("disk", null, "b", local, WriteOptions.DEFAULT, null, null))
                        : Optional.empty();
            }

            @Override
            public String defaultName() {
                return "disk";
            }

            @Override
            public Set<String> names() {
                return Set.of("disk");
            }
        };
        UploadEvents recorder = new UploadEvents() {
            @Override
            public void completed(UploadCompleted event) {
                events.add(event);
            }

            @Override
            public void failed(UploadFailed event) {
                events.add(event);
            }
        };
        return new BackupUploader(storages, new StateStore(tmp.resolve("state")), recorder, UploadMetrics.NONE, null,
                Runnable::run, Clock.systemUTC(), tmp);
    }

    private SnapshotStarted started() {
        return new SnapshotStarted("b-1", "files", TargetKind.DIRECTORY, "w", BackupType.FULL, null, Compression.ZSTD,
                null, "p", startedAt);
    }

    private ChunkHeaders headers(int sequence) {
        long offset = 0;
        for (int i = 0; i < sequence; i++) {
            offset += chunks.get(i).length;
        }
        return ChunkHeaders.of("b-1", sequence, offset, chunks.get(sequence).length,
                Archives.sha256(chunks.get(sequence)),
                sequence == chunks.size() - 1);
    }

    private ChunkIndex index(int sequence) {
        return new ChunkIndex(sequence, sequence * 10_000L, 10_000, List.of(new BackupManifest.FileEntry(
                "file-" + sequence, BackupManifest.FileType.FILE, 10, 420, startedAt, null, sequence * 10_000L, null)));
    }

    private SnapshotCompleted completed(String sha) {
        long size = chunks.stream().mapToLong(c -> c.length).sum();
        return new SnapshotCompleted("b-1", "files", TargetKind.DIRECTORY, "w", BackupType.FULL, null, Compression.ZSTD,
                null, null, "p", chunks.size(), 30_000, size, sha, chunks.size(), List.of(), startedAt, startedAt.plusSeconds(5));
    }

    /** Chunk {@code sequence} as a view into a larger buffer, as a Kafka record's value arrives. */
    private ByteBuffer data(int sequence) {
        byte[] chunk = chunks.get(sequence);
        byte[] fetched = new byte[chunk.length + 64];
        System.arraycopy(chunk, 0, fetched, 32, chunk.length);
        return ByteBuffer.wrap(fetched, 32, chunk.length).slice();
    }

    /** One record on its own, as a poll of one record delivers it. */
    private static void record(BackupUploader uploader, Consumer<BackupUploader.Batch> record) {
        try (BackupUploader.Batch batch = uploader.batch()) {
            record.accept(batch);
            batch.commit();
        }
    }

    private void chunk(BackupUploader uploader, int sequence) {
        record(uploader, batch -> batch.onIndex("b-1", index(sequence)));
        record(uploader, batch -> batch.onChunk(headers(sequence), data(sequence)));
    }

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
        record(second, batch -> batch.onEnd(completed(Archives.sha256(all()))));

        assertEquals(1, events.size(), events.toString());
        UploadCompleted done = (UploadCompleted) events.get(0);
        assertEquals("b/directory-files-" + startedAt.toEpochMilli() + ".tar.zst", done.key());
        assertNull(done.retainUntil(), "a storage without object lock announces no retain-until date");
        assertArrayEquals(all(), Files.readAllBytes(local.root().resolve(done.key())));
        BackupManifest manifest = BackupManifests.read(Files.readAllBytes(local.root().resolve(done.manifestKey())));
        assertEquals(List.of("file-0", "file-1", "file-2"), manifest.files().stream().map(BackupManifest.FileEntry::path).toList());
        assertEquals(List.of(0L, 1L, 2L), manifest.files().stream().map(BackupManifest.FileEntry::chunkSequence).toList());
        assertEquals(List.of(0L, 10_000L, 20_000L), manifest.chunks().stream().map(BackupManifest.Chunk::rawOffset).toList());

        record(second, batch -> batch.onEnd(completed(Archives.sha256(all()))));
        assertEquals(1, events.size(), "a redelivered end record announces nothing twice");
    }

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
            batch.onEnd(completed(Archives.sha256(all())));
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
        assertFalse(local.findUpload("b/directory-files-" + startedAt.toEpochMilli() + ".tar.zst").isPresent());
    }

    @Test
    void anAbortRecordThrowsAwayWhatWasUploaded() {
        BackupUploader uploader = newUploader();
        record(uploader, batch -> batch.onStart(started()));
        chunk(uploader, 0);
        record(uploader, batch -> batch.onAbort(new SnapshotFailed(started().backupId(), "files", "w-1", "disk full on the worker",
                startedAt.plusSeconds(5))));

        UploadFailed failed = (UploadFailed) events.get(0);
        assertEquals("the snapshot failed: disk full on the worker", failed.reason());
        assertTrue(local.list("").isEmpty(), "nothing is left in the store");
        assertFalse(local.findUpload("b/directory-files-" + startedAt.toEpochMilli() + ".tar.zst").isPresent());
    }

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

    private byte[] all() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunks.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
