package io.backstream.restore.domain;

import io.backstream.restore.fixture.LocalRestores;
import io.backstream.restore.fixture.TarArchives;
import io.backstream.schema.event.RestoreCompleted;
import io.backstream.schema.event.RestoreFailed;
import io.backstream.schema.event.RestoreRequested;
import io.backstream.schema.manifest.BackupManifest;
import io.backstream.schema.manifest.BackupManifests;
import io.backstream.testkit.Archives;
import io.backstream.testkit.TreeFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bounds of a restore on real files and real zstd: a chunk that inflates past what its manifest declares, a
 * restore the disk cannot hold, a disk that fills up while writing and an {@link Error} in the writer each end the
 * restore with {@code RestoreFailed} naming the reason, the destination as it was and no staging left behind.
 */
class RestoreBoundsTest {

    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    /** Zeros that zstd shrinks about 10,000 times: a decompression bomb in a few kilobytes. */
    private static final int BOMB_BYTES = 50 * 1024 * 1024;

    @TempDir
    Path temp;

    private final ExecutorService writers = Executors.newFixedThreadPool(2);
    private LocalRestores restores;
    private RestoreService service;

    @BeforeEach
    void start() throws IOException {
        restores = new LocalRestores(temp, Files.createDirectory(temp.resolve("restores")), temp.resolve("scratch"));
        service = restores.service(writers);
    }

    @AfterEach
    void stop() throws Exception {
        writers.shutdownNow();
        restores.close();
    }

    @Test
    void aChunkThatInflatesBeyondTheRawSizeItsManifestDeclaresFailsAndLeavesTheDestinationAsItWas() throws Exception {
        Path destination = restoredDestination();
        Map<String, String> before = tree(destination);
        // one chunk of one frame: the whole bomb decompresses from a single chunk
        TarArchives.Stored bomb = restores.store(List.of(new Archives.Entry("zeros.bin", BackupManifest.FileType.FILE,
                new byte[BOMB_BYTES], 0644, T0, null)), new TarArchives(128 * 1024 * 1024));
        assertEquals(1, bomb.manifest().chunks().size());
        assertTrue(bomb.archive().length < 64 * 1024, "the bomb is small: " + bomb.archive().length);

        // the chunk declares 1 MiB: it must not give more
        restores.replaceManifest(bomb, withChunks(bomb.manifest(), 1024L * 1024, chunk -> new BackupManifest.Chunk(
                chunk.sequence(), chunk.offset(), chunk.size(), chunk.sha256(), chunk.rawOffset(), 1024L * 1024)));
        RestoreFailed chunkBomb = failed(LocalRestores.request(bomb.backupId(), destination, true));
        assertTrue(chunkBomb.reason().startsWith("raw-size-exceeded") && chunkBomb.reason().contains("chunk 0"),
                chunkBomb.reason());
        assertEquals(before, tree(destination), "the destination is untouched");

        // no raw size of its own, the archive's 1 MiB: the archive must not give more
        restores.replaceManifest(bomb, withChunks(bomb.manifest(), 1024L * 1024, chunk -> new BackupManifest.Chunk(
                chunk.sequence(), chunk.offset(), chunk.size(), chunk.sha256(), null, null)));
        RestoreFailed archiveBomb = failed(LocalRestores.request(bomb.backupId(), destination, true));
        assertTrue(archiveBomb.reason().startsWith("raw-size-exceeded"), archiveBomb.reason());
        assertEquals(before, tree(destination), "the destination is untouched");
        assertEquals(List.of(destination.getFileName().toString()), siblingsOf(destination), "no staging left");

        RestoreFailed drill = failed(LocalRestores.drill(bomb.backupId()));
        assertTrue(drill.reason().startsWith("raw-size-exceeded"), drill.reason());
    }

    /**
     * The space check compares with {@code FileStore.getUsableSpace()}: a manifest declaring 1 EiB exceeds any disk
     * this runs on, so the check fails whatever the machine; that it passes for what fits, every other restore shows.
     */
    @Test
    void aRestoreTheDiskCannotHoldIsRefusedBeforeAnythingIsWritten() throws Exception {
        TarArchives.Stored huge = restores.store(List.of(file("small.txt", "small\n")));
        restores.replaceManifest(huge, withChunks(huge.manifest(), 1L << 60, UnaryOperator.identity()));
        Path destination = restores.root().resolve("not/yet/there");

        RestoreRequested request = LocalRestores.request(huge.backupId(), destination, false);
        RestoreFailed failed = failed(request);
        assertTrue(failed.reason().startsWith("insufficient-space"), failed.reason());
        assertFalse(restores.started(request.restoreId()), "refused before it started");
        assertFalse(Files.exists(restores.root().resolve("not")), "nothing written, not even the parents");

        RestoreFailed drill = failed(LocalRestores.drill(huge.backupId()));
        assertTrue(drill.reason().startsWith("insufficient-space"), drill.reason());
        assertFalse(Files.exists(temp.resolve("scratch")), "no scratch directory made");
    }

    /**
     * A real disk-full: the allowed root is a tmpfs with few inodes, so the space check passes (bytes are plenty)
     * and creating the files fails with ENOSPC. Mounting needs root; elsewhere the test is skipped.
     */
    @Test
    void aDiskThatFillsUpWhileWritingEndsTheRestoreFailed() throws Exception {
        Path mount = Files.createDirectory(temp.resolve("tmpfs"));
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=64m,nr_inodes=24", "tmpfs", mount.toString()),
                "cannot mount a tmpfs here");
        try (LocalRestores small = new LocalRestores(temp.resolve("small"), mount, temp.resolve("scratch"))) {
            List<Archives.Entry> entries = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                entries.add(file("file-" + i + ".txt", "content " + i + "\n"));
            }
            TarArchives.Stored backup = small.store(entries);
            Path destination = mount.resolve("dest");
            RestoreRequested request = LocalRestores.request(backup.backupId(), destination, false);
            assertDoesNotThrow(() -> small.service(writers).run(request));
            Object outcome = small.outcome(request.restoreId()).orElseThrow();
            assertInstanceOf(RestoreFailed.class, outcome, outcome::toString);
            String reason = ((RestoreFailed) outcome).reason();
            assertTrue(reason.startsWith("insufficient-space") && reason.contains("No space left on device"), reason);
            try (Stream<Path> left = Files.list(mount)) {
                assertEquals(List.of(), left.toList(), "no staging left, no destination made");
            }
        } finally {
            run("umount", mount.toString());
        }
    }

    @Test
    void aManifestLargerThanAnyRealOneIsRefusedUnread() throws Exception {
        TarArchives.Stored backup = restores.store(List.of(file("small.txt", "small\n")));
        byte[] manifest = BackupManifests.toBytes(backup.manifest());
        // leading blanks keep it valid JSON: only its size is wrong
        byte[] padded = new byte[ChainLoader.MANIFEST_MAX_BYTES + 1];
        Arrays.fill(padded, (byte) ' ');
        System.arraycopy(manifest, 0, padded, padded.length - manifest.length, manifest.length);
        restores.replaceManifest(backup, padded);

        RestoreFailed failed = failed(LocalRestores.request(backup.backupId(), restores.root().resolve("m"), false));
        assertTrue(failed.reason().startsWith("manifest-invalid") && failed.reason().contains("larger than"),
                failed.reason());
    }

    @Test
    void anErrorThrownInTheWriterEndsTheRestoreFailedAndLeavesTheDestinationAsItWas() throws Exception {
        Path destination = restoredDestination();
        Map<String, String> before = tree(destination);
        TarArchives.Stored backup = restores.store(List.of(file("a.txt", "a\n"), file("b.txt", "b\n")));
        ThreadPoolExecutor outOfMemory = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>()) {
            @Override
            public void execute(Runnable command) {
                throw new OutOfMemoryError("Java heap space (thrown by the test)");
            }
        };
        try {
            RestoreRequested request = LocalRestores.request(backup.backupId(), destination, true);
            RestoreService failing = restores.service(outOfMemory);
            assertNull(thrownBy(() -> failing.run(request)), "a restore never throws, not even an Error");
            Object outcome = restores.outcome(request.restoreId()).orElseThrow();
            assertInstanceOf(RestoreFailed.class, outcome, outcome::toString);
            assertTrue(((RestoreFailed) outcome).reason().startsWith("out-of-memory"), outcome.toString());
            assertEquals(before, tree(destination), "the destination is untouched");
            assertEquals(List.of(destination.getFileName().toString()), siblingsOf(destination), "no staging left");
        } finally {
            outOfMemory.shutdownNow();
        }
    }

    /** Runs {@code restore} on a thread of its own, so that an Error it lets out fails this test, not the test run. */
    private static Throwable thrownBy(Runnable restore) throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                restore.run();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        thread.start();
        thread.join();
        return thrown.get();
    }

    /** A destination an earlier restore wrote, so that overwrite may replace it. */
    private Path restoredDestination() throws Exception {
        TarArchives.Stored earlier = restores.store(List.of(file("keep/precious.txt", "do not touch\n")));
        Path destination = restores.root().resolve("dest");
        RestoreRequested request = LocalRestores.request(earlier.backupId(), destination, false);
        service.run(request);
        assertInstanceOf(RestoreCompleted.class, restores.outcome(request.restoreId()).orElseThrow());
        return destination;
    }

    private RestoreFailed failed(RestoreRequested request) {
        assertDoesNotThrow(() -> service.run(request));
        Object outcome = restores.outcome(request.restoreId()).orElseThrow();
        assertInstanceOf(RestoreFailed.class, outcome, outcome::toString);
        return (RestoreFailed) outcome;
    }

    private static BackupManifest withChunks(BackupManifest m, long rawBytes,
                                             UnaryOperator<BackupManifest.Chunk> change) {
        return new BackupManifest(m.formatVersion(), m.backupId(), m.targetId(), m.targetKind(), m.type(),
                m.parentBackupId(), m.policyId(), m.createdAt(), m.completedAt(), m.compression(), m.encryptionKeyId(),
                m.archiveSize(), m.archiveSha256(), rawBytes, m.chunks().stream().map(change).toList(), m.files(),
                m.warnings());
    }

    private static Archives.Entry file(String name, String content) {
        return new Archives.Entry(name, BackupManifest.FileType.FILE, content.getBytes(StandardCharsets.UTF_8), 0644,
                T0, null);
    }

    private static boolean run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    }

    private static List<String> siblingsOf(Path path) throws IOException {
        try (Stream<Path> list = Files.list(path.getParent())) {
            return list.map(p -> p.getFileName().toString())
                    .filter(n -> n.contains(path.getFileName().toString())).sorted().toList();
        }
    }

    /** Every path below {@code root}, the marker too, with its type and content hash. */
    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> result = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                result.put(root.relativize(path).toString(), Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)
                        ? "dir" : TreeFixtures.sha256(path));
            }
        }
        return result;
    }
}
