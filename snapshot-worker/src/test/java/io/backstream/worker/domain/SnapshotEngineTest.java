package io.backstream.worker.domain;

import com.github.luben.zstd.ZstdInputStream;
import io.backstream.schema.Compression;
import io.backstream.schema.TargetKind;
import io.backstream.schema.manifest.BackupManifest.FileEntry;
import io.backstream.schema.manifest.BackupManifest.FileType;
import io.backstream.testkit.TreeFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tar, framing and chunking without Kafka: the chunk stream is a valid archive GNU tar restores exactly. */
class SnapshotEngineTest {

    private static final int CHUNK = 1024 * 1024;
    private static final int FRAME = 256 * 1024;
    private static ExecutorService pool;

    @TempDir
    Path temp;

    @BeforeAll
    static void startPool() {
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void zstdChunksConcatenateToATarThatGnuTarRestoresExactly() throws Exception {
        Path source = TreeFixtures.generate(temp.resolve("src"), 5L * 1024 * 1024);
        Captured captured = backup(directory(source, Compression.ZSTD), Compression.ZSTD, chunk -> { });

        assertChunkShape(captured, Compression.ZSTD);
        Path archive = captured.write(temp.resolve("a.tar.zst"));
        TreeFixtures.extract(archive, true, temp.resolve("out"));
        TreeFixtures.assertSameTree(source, temp.resolve("out"));
        assertEquals(TreeFixtures.sha256(archive), captured.result.sha256());
        assertEquals(Files.size(archive), captured.result.storedBytes());
        assertIndexPointsAtHeaders(captured, decompress(Compression.ZSTD, Files.readAllBytes(archive)));
        assertTrue(captured.result.warnings().isEmpty(), captured.result.warnings().toString());
    }

    @Test
    void gzipChunksAreConcatenatedMembersThatGnuTarRestores() throws Exception {
        Path source = TreeFixtures.generate(temp.resolve("src"), 3L * 1024 * 1024);
        Captured captured = backup(directory(source, Compression.GZIP), Compression.GZIP, chunk -> { });

        assertChunkShape(captured, Compression.GZIP);
        Path archive = captured.write(temp.resolve("a.tar.gz"));
        TreeFixtures.extract(archive, false, temp.resolve("out"));
        TreeFixtures.assertSameTree(source, temp.resolve("out"));
        assertIndexPointsAtHeaders(captured, decompress(Compression.GZIP, Files.readAllBytes(archive)));
    }

    @Test
    void aFileThatShrinksWhileReadKeepsItsHeaderSizeAndIsReported() throws Exception {
        Path source = Files.createDirectories(temp.resolve("src"));
        Path file = source.resolve("growing.log");
        TreeFixtures.writeRandom(file, 6L * 1024 * 1024, 7);
        Files.writeString(source.resolve("z-after.txt"), "still archived\n");
        // the first chunk goes out while the file is still being read (frames in flight are bounded)
        Captured captured = backup(directory(source, Compression.ZSTD), Compression.ZSTD, chunk -> {
            if (chunk.sequence() == 0) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.truncate(1024);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        });

        assertEquals(1, captured.result.warnings().size(), captured.result.warnings().toString());
        assertTrue(captured.result.warnings().get(0).startsWith("growing.log: shrank from 6291456"),
                captured.result.warnings().get(0));
        Path out = temp.resolve("out");
        TreeFixtures.extract(captured.write(temp.resolve("a.tar.zst")), true, out);
        assertEquals(6L * 1024 * 1024, Files.size(out.resolve("growing.log")), "the header's size is kept");
        assertEquals("still archived\n", Files.readString(out.resolve("z-after.txt")), "entries after it are intact");
    }

    @Test
    void includesTakeMatchingSubtreesAndExcludesDropWholeDirectories() throws Exception {
        Path source = TreeFixtures.generate(temp.resolve("src"), 1024);
        TargetSpec spec = new TargetSpec("t", TargetKind.DIRECTORY, source, List.of("etc", "*.sh", "data/**"),
                List.of("etc/conf.d", "**/*.bin"), null, null, Compression.ZSTD, 3, CHUNK, null, null);
        Captured captured = backup(spec, Compression.ZSTD, chunk -> { });
        List<String> paths = captured.files().stream().map(FileEntry::path).toList();
        assertEquals(List.of("data/abs-link", "data/empty-nested", "etc", "etc/README", "run.sh"), paths);
    }

    @Test
    void aMissingTargetPathFailsWithAReasonNamingIt() {
        TargetSpec spec = directory(temp.resolve("nope"), Compression.ZSTD);
        BackupFailedException failure = assertThrows(BackupFailedException.class,
                () -> backup(spec, Compression.ZSTD, chunk -> { }));
        assertEquals("target path " + temp.resolve("nope") + " does not exist: create it or fix the target's path in"
                + " the worker configuration", failure.getMessage());
    }

    @Test
    void aFailingPreHookFailsTheBackupWithExitCodeAndStderrAndStillRunsThePostHook() throws Exception {
        Path marker = temp.resolve("post-hook-ran");
        TargetSpec spec = new TargetSpec("t", TargetKind.DIRECTORY, temp, List.of(), List.of(),
                new TargetSpec.Hook(List.of("sh", "-c", "echo noise; echo 'database is locked' >&2; exit 3"),
                        Duration.ofSeconds(30)),
                new TargetSpec.Hook(List.of("touch", marker.toString()), Duration.ofSeconds(30)),
                Compression.ZSTD, 3, CHUNK, null, null);
        BackupFailedException failure = assertThrows(BackupFailedException.class,
                () -> backup(spec, Compression.ZSTD, chunk -> { }));
        assertEquals("pre-hook sh failed with exit code 3; stderr: database is locked", failure.getMessage());
        assertFalse(Files.exists(marker), "a post-hook runs only after its pre-hook succeeded");
    }

    @Test
    void aHookThatOutlivesItsTimeoutIsKilledAndFailsTheBackup() {
        TargetSpec spec = new TargetSpec("t", TargetKind.DIRECTORY, temp, List.of(), List.of(), null,
                new TargetSpec.Hook(List.of("sleep", "60"), Duration.ofMillis(300)),
                Compression.ZSTD, 3, CHUNK, null, null);
        BackupFailedException failure = assertThrows(BackupFailedException.class,
                () -> backup(spec, Compression.ZSTD, chunk -> { }));
        assertEquals("post-hook sleep timed out after PT0.3S and was killed", failure.getMessage());
    }

    @Test
    void aCommandTargetArchivesItsStagingDirectoryAndRemovesIt() throws Exception {
        Path staging = temp.resolve("staging");
        TargetSpec spec = new TargetSpec("t", TargetKind.COMMAND, null, List.of(), List.of(), null, null,
                Compression.ZSTD, 3, CHUNK, null, new TargetSpec.CommandSource(List.of("sh", "-c",
                "mkdir \"$1/db\" && echo \"$BACKSTREAM_BACKUP_ID\" > \"$BACKSTREAM_STAGING_DIR/db/copy\"", "sh"),
                staging, Duration.ofSeconds(30)));
        Captured captured = backup(spec, Compression.ZSTD, chunk -> { });
        Path out = temp.resolve("out");
        TreeFixtures.extract(captured.write(temp.resolve("a.tar.zst")), true, out);
        assertEquals("backup-1\n", Files.readString(out.resolve("db/copy")));
        try (var left = Files.list(staging)) {
            assertEquals(0, left.count(), "the staging directory is removed");
        }
    }

    private static TargetSpec directory(Path path, Compression compression) {
        return new TargetSpec("t", TargetKind.DIRECTORY, path, List.of(), List.of(), null, null, compression,
                compression == Compression.ZSTD ? 3 : 6, CHUNK, null, null);
    }

    private Captured backup(TargetSpec spec, Compression compression, Consumer<FramedChunker.Chunk> onChunk) {
        SnapshotEngine engine = new SnapshotEngine(pool, FRAME, 5, temp.resolve("spool"));
        Captured captured = new Captured();
        captured.result = engine.run(new SnapshotEngine.Job("backup-1", spec, compression, spec.level()),
                new SnapshotEngine.ArchiveSink() {
                    @Override
                    public void begin() {
                        captured.begun++;
                    }

                    @Override
                    public void chunk(FramedChunker.Chunk chunk) {
                        captured.chunks.add(chunk);
                        onChunk.accept(chunk);
                    }
                });
        return captured;
    }

    private static void assertChunkShape(Captured captured, Compression compression) throws Exception {
        assertEquals(1, captured.begun);
        List<FramedChunker.Chunk> chunks = captured.chunks;
        assertTrue(chunks.size() > 2, "several chunks: " + chunks.size());
        assertEquals(chunks.size(), captured.result.chunkCount());
        long offset = 0;
        long rawOffset = 0;
        for (int i = 0; i < chunks.size(); i++) {
            FramedChunker.Chunk chunk = chunks.get(i);
            boolean last = i == chunks.size() - 1;
            assertEquals(i, chunk.sequence());
            assertEquals(last, chunk.last());
            assertEquals(offset, chunk.offset());
            assertEquals(rawOffset, chunk.rawOffset(), "raw ranges are contiguous");
            if (!last) {
                assertTrue(chunk.bytes().length >= CHUNK, "chunk " + i + " has " + chunk.bytes().length + " bytes");
            }
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(chunk.bytes())),
                    chunk.sha256());
            // whole frames: every chunk decompresses on its own to exactly its raw range
            assertEquals(chunk.rawSize(), decompress(compression, chunk.bytes()).length, "chunk " + i + " raw size");
            offset += chunk.bytes().length;
            rawOffset += chunk.rawSize();
        }
        assertEquals(rawOffset, captured.result.rawBytes());
    }

    private static void assertIndexPointsAtHeaders(Captured captured, byte[] raw) {
        List<FileEntry> files = captured.files();
        assertEquals(captured.result.fileCount(), files.size());
        assertTrue(files.stream().anyMatch(f -> f.type() == FileType.SYMLINK && "etc/conf.d/deeper/app.conf"
                .equals(f.linkTarget())));
        for (FramedChunker.Chunk chunk : captured.chunks) {
            for (FileEntry file : chunk.files()) {
                assertEquals(chunk.sequence(), file.chunkSequence());
                assertTrue(file.rawOffset() >= chunk.rawOffset() && file.rawOffset() < chunk.rawOffset()
                        + chunk.rawSize(), file.path() + " lies in chunk " + chunk.sequence());
                int at = Math.toIntExact(file.rawOffset());
                assertEquals("ustar", new String(raw, at + 257, 5, StandardCharsets.US_ASCII),
                        file.path() + " offset " + at + " is a tar header");
                String headers = new String(raw, at, Math.min(2048, raw.length - at), StandardCharsets.UTF_8);
                assertTrue(headers.contains(file.path()), file.path() + " named in the header at its offset");
            }
        }
    }

    private static byte[] decompress(Compression compression, byte[] bytes) throws IOException {
        try (InputStream in = compression == Compression.ZSTD ? new ZstdInputStream(new ByteArrayInputStream(bytes))
                : new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        }
    }

    private static final class Captured {
        final List<FramedChunker.Chunk> chunks = new ArrayList<>();
        SnapshotEngine.Result result;
        int begun;

        List<FileEntry> files() {
            return chunks.stream().flatMap(c -> c.files().stream()).toList();
        }

        Path write(Path archive) throws IOException {
            try (OutputStream out = Files.newOutputStream(archive)) {
                for (FramedChunker.Chunk chunk : chunks) {
                    out.write(chunk.bytes());
                }
            }
            ByteArrayOutputStream check = new ByteArrayOutputStream();
            chunks.forEach(c -> check.writeBytes(c.bytes()));
            assertArrayEquals(check.toByteArray(), Files.readAllBytes(archive));
            return archive;
        }
    }
}
