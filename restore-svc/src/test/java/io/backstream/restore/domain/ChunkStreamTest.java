package io.backstream.restore.domain;

import io.backstream.schema.BackupType;
import io.backstream.schema.Compression;
import io.backstream.schema.TargetKind;
import io.backstream.schema.manifest.BackupManifest;
import io.backstream.storage.local.LocalObjectStorage;
import io.backstream.testkit.Archives;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Gzip archives (chunks of whole members) stream back exactly; a bad chunk is named before its bytes are used. */
class ChunkStreamTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(3);

    @TempDir
    Path root;

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void multiMemberGzipChunksDecompressInOrderAndTheArchiveIsChecked() throws Exception {
        byte[] raw = new byte[300_000];
        new Random(7).nextBytes(raw);
        Arrays.fill(raw, 100_000, 200_000, (byte) 'a');
        try (LocalObjectStorage storage = new LocalObjectStorage(root)) {
            BackupManifest manifest = store(storage, raw, 4);
            AtomicLong progress = new AtomicLong();
            try (ChunkStream in = new ChunkStream(storage, "k.tar.gz", manifest, 0, 3, pool, 2, progress::addAndGet)) {
                assertArrayEquals(raw, in.readAllBytes());
            }
            assertEquals(manifest.archiveSize(), progress.get());

            try (ChunkStream in = new ChunkStream(storage, "k.tar.gz", manifest, 2, 3, pool, 2, n -> { })) {
                assertArrayEquals(Arrays.copyOfRange(raw, 150_000, raw.length), in.readAllBytes(),
                        "a run starting at chunk 2 begins at its raw offset");
            }

            byte[] stored = storage.read("k.tar.gz").readAllBytes();
            stored[(int) manifest.chunks().get(1).offset() + 5] ^= 1;
            storage.put("k.tar.gz", stored, "application/gzip");
            try (ChunkStream in = new ChunkStream(storage, "k.tar.gz", manifest, 0, 3, pool, 2, n -> { })) {
                RestoreFailure failure = assertThrows(RestoreFailure.class, in::readAllBytes);
                assertEquals("checksum-mismatch", failure.code());
                assertTrue(failure.reason().contains("chunk 1"), failure.reason());
            }
        }
    }

    @Test
    void aChunkThatDoesNotDecompressToWhatTheManifestSaysIsNamed() throws Exception {
        byte[] raw = new byte[50_000];
        new Random(11).nextBytes(raw);
        try (LocalObjectStorage storage = new LocalObjectStorage(root)) {
            BackupManifest manifest = store(storage, raw, 2);
            List<BackupManifest.Chunk> chunks = new ArrayList<>(manifest.chunks());
            BackupManifest.Chunk second = chunks.get(1);
            chunks.set(1, new BackupManifest.Chunk(1, second.offset(), second.size(), second.sha256(),
                    second.rawOffset(), second.rawSize() + 1));
            try (ChunkStream in = new ChunkStream(storage, "k.tar.gz", withChunks(manifest, chunks), 0, 1, pool, 2,
                    n -> { })) {
                RestoreFailure failure = assertThrows(RestoreFailure.class, in::readAllBytes);
                assertEquals("checksum-mismatch", failure.code());
                assertTrue(failure.reason().contains("chunk 1"), failure.reason());
            }

            byte[] notFrames = "these bytes are no gzip member".getBytes(StandardCharsets.US_ASCII);
            storage.put("bad.tar.gz", notFrames, "application/gzip");
            BackupManifest.Chunk only = new BackupManifest.Chunk(0, 0, notFrames.length, Archives.sha256(notFrames),
                    0L, (long) notFrames.length);
            try (ChunkStream in = new ChunkStream(storage, "bad.tar.gz", withChunks(manifest, List.of(only)), 0, 0,
                    pool, 1, n -> { })) {
                RestoreFailure failure = assertThrows(RestoreFailure.class, in::readAllBytes);
                assertEquals("corrupt-archive", failure.code());
                assertTrue(failure.reason().contains("chunk 0 of bad.tar.gz"), failure.reason());
            }
        }
    }

    @Test
    void chunksWithoutARawSizeStreamUpToTheArchivesRawSizeAndNoFurther() throws Exception {
        byte[] raw = new byte[200_000];
        new Random(13).nextBytes(raw);
        try (LocalObjectStorage storage = new LocalObjectStorage(root)) {
            BackupManifest manifest = store(storage, raw, 3);
            List<BackupManifest.Chunk> unsized = manifest.chunks().stream().map(c -> new BackupManifest.Chunk(
                    c.sequence(), c.offset(), c.size(), c.sha256(), null, null)).toList();
            try (ChunkStream in = new ChunkStream(storage, "k.tar.gz", withChunks(manifest, unsized), 0, 2, pool, 2,
                    n -> { })) {
                assertArrayEquals(raw, in.readAllBytes(), "decompressed while read, exactly");
            }
            try (ChunkStream in = new ChunkStream(storage, "k.tar.gz", withChunks(manifest, unsized, raw.length - 1L),
                    0, 2, pool, 2, n -> { })) {
                RestoreFailure failure = assertThrows(RestoreFailure.class, in::readAllBytes);
                assertEquals("raw-size-exceeded", failure.code());
                assertTrue(failure.reason().contains("chunk 2"), failure.reason());
            }
            try (ChunkStream in = new ChunkStream(storage, "k.tar.gz", withChunks(manifest, unsized, raw.length - 1L),
                    0, 2, pool, 2, n -> { })) {
                RestoreFailure failure = assertThrows(RestoreFailure.class, in::drain);
                assertEquals("raw-size-exceeded", failure.code(), "skipping is bounded too");
            }
        }
    }

    private static BackupManifest withChunks(BackupManifest manifest, List<BackupManifest.Chunk> chunks) {
        return withChunks(manifest, chunks, manifest.rawBytes());
    }

    private static BackupManifest withChunks(BackupManifest manifest, List<BackupManifest.Chunk> chunks, Long rawBytes) {
        return new BackupManifest(1, "b", "t", TargetKind.DIRECTORY, BackupType.FULL, null, null, Instant.EPOCH,
                Instant.EPOCH, Compression.GZIP, null, manifest.archiveSize(), manifest.archiveSha256(),
                rawBytes, chunks, List.of(), List.of());
    }

    private static BackupManifest store(LocalObjectStorage storage, byte[] raw, int chunks) throws Exception {
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        List<BackupManifest.Chunk> list = new ArrayList<>();
        int slice = raw.length / chunks;
        for (int i = 0; i < chunks; i++) {
            int start = i * slice;
            int end = i == chunks - 1 ? raw.length : start + slice;
            ByteArrayOutputStream chunk = new ByteArrayOutputStream();
            int middle = (start + end) / 2;
            chunk.write(gzip(Arrays.copyOfRange(raw, start, middle)));
            chunk.write(gzip(Arrays.copyOfRange(raw, middle, end)));
            byte[] bytes = chunk.toByteArray();
            list.add(new BackupManifest.Chunk(i, archive.size(), bytes.length, Archives.sha256(bytes), (long) start,
                    (long) (end - start)));
            archive.write(bytes);
        }
        byte[] bytes = archive.toByteArray();
        storage.put("k.tar.gz", bytes, "application/gzip");
        return new BackupManifest(1, "b", "t", TargetKind.DIRECTORY, BackupType.FULL, null, null, Instant.EPOCH,
                Instant.EPOCH, Compression.GZIP, null, bytes.length, Archives.sha256(bytes), (long) raw.length, list,
                List.of(), List.of());
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}
