package io.backstream.restore.domain;

import io.backstream.restore.fixture.TarBuilder;
import io.backstream.schema.manifest.BackupManifest;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import static io.backstream.restore.fixture.TarBuilder.link;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The extractor refuses every entry that could write outside its directory or is not a plain tree entry.
 * Every case runs with writer threads, as the restore service runs it.
 */
class SafeExtractorTest {

    private final TarBuilder tars = new TarBuilder();
    private final ExecutorService writers = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopWriters() {
        writers.shutdownNow();
    }

    @TempDir
    Path temp;

    @Test
    void aHardLinkToAFileOutsideIsRejected() throws IOException {
        Path outside = Files.writeString(temp.resolve("outside.txt"), "secret");
        RestoreFailure failure = extract(tars.tar(link("h", TarConstants.LF_LINK, "../outside.txt")));
        assertEquals("unsafe-entry", failure.code());
        assertTrue(failure.reason().contains("h"), failure.reason());
        assertEquals("secret", Files.readString(outside));
    }

    @Test
    void deviceAndFifoEntriesAreRejected() throws IOException {
        for (byte type : new byte[]{TarConstants.LF_CHR, TarConstants.LF_BLK, TarConstants.LF_FIFO}) {
            RestoreFailure failure = extract(tars.tar(link("dev" + (char) type, type, null)));
            assertEquals("unsafe-entry", failure.code(), failure.reason());
        }
    }

    @Test
    void writingThroughAnInsideSymlinkIsRejected() throws IOException {
        RestoreFailure failure = extract(tars.tar(link("d", TarConstants.LF_SYMLINK, "."), tars.file("d/x.txt", "x")));
        assertEquals("unsafe-entry", failure.code());
        assertTrue(failure.reason().contains("d/x.txt"), failure.reason());
    }

    @Test
    void aHardLinkInsideAndLaterArchivesReplacingFilesWork() throws IOException {
        Path into = Files.createDirectory(temp.resolve("ok"));
        SafeExtractor extractor = new SafeExtractor(into, writers);
        extractor.extract(new ByteArrayInputStream(tars.tar(tars.file("f.txt", "one"),
                link("g", TarConstants.LF_LINK, "f.txt"))), p -> true, -1);
        extractor.extract(new ByteArrayInputStream(tars.tar(tars.file("f.txt", "two"))), p -> true, -1);
        extractor.finish();
        assertEquals("two", Files.readString(into.resolve("f.txt")));
        assertEquals("one", Files.readString(into.resolve("g")));
    }

    @Test
    void filesWrittenOnWriterThreadsKeepContentsAndModesAndAPathSeenTwiceKeepsItsLastContent() throws IOException {
        Path into = Files.createDirectory(temp.resolve("async"));
        String big = "x".repeat(FileEntryWriter.ASYNC_FILE_MAX + 1);
        TarArchiveEntry script = tars.file("bin/run.sh", "#!/bin/sh");
        script.setMode(0100750);
        SafeExtractor extractor = new SafeExtractor(into, writers);
        extractor.extract(new ByteArrayInputStream(tars.tar(tars.file("d/a", "first"), tars.file("d/a", "second"),
                script, tars.file("big", big), link("big-link", TarConstants.LF_LINK, "bin/run.sh"),
                link("d/b", TarConstants.LF_SYMLINK, "a"))), p -> true, -1);
        extractor.finish();

        assertEquals("second", Files.readString(into.resolve("d/a")));
        assertEquals("second", Files.readString(into.resolve("d/b")));
        assertEquals("#!/bin/sh", Files.readString(into.resolve("big-link")));
        assertEquals(big, Files.readString(into.resolve("big")));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(into.resolve("bin/run.sh"))));
        assertEquals(5, extractor.extracted().size(), extractor.extracted().keySet().toString());
    }

    @Test
    void largeFilesWrittenInPiecesKeepContentsModeAndMtimeAndCanBeLinkedAndReplaced() throws IOException {
        Path into = Files.createDirectory(temp.resolve("pieces"));
        // more than the write budget, and not a whole number of pieces
        byte[] large = new byte[FileEntryWriter.WRITE_BUDGET + 3 * FileEntryWriter.BLOCK + 12345];
        new Random(7).nextBytes(large);
        TarArchiveEntry data = tars.file("data/large.bin", large);
        data.setMode(0100640);
        FileTime mtime = FileTime.from(Instant.parse("2024-02-29T12:34:56Z"));
        data.setModTime(mtime);
        SafeExtractor extractor = new SafeExtractor(into, writers);
        extractor.extract(new ByteArrayInputStream(tars.tar(data,
                link("data/hard", TarConstants.LF_LINK, "data/large.bin"), tars.file("data/other.bin", large))),
                p -> true, -1);
        extractor.extract(new ByteArrayInputStream(tars.tar(tars.file("data/other.bin", "replaced"))), p -> true, -1);
        extractor.finish();

        assertArrayEquals(large, Files.readAllBytes(into.resolve("data/large.bin")));
        assertArrayEquals(large, Files.readAllBytes(into.resolve("data/hard")));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(into.resolve("data/large.bin"))));
        assertEquals(mtime, Files.getLastModifiedTime(into.resolve("data/large.bin")));
        assertEquals("replaced", Files.readString(into.resolve("data/other.bin")));
        assertEquals(2L * large.length + "replaced".length(), extractor.bytes(), "file bytes written; a hard link adds none");
    }

    @Test
    void aFileLargerThanTheManifestSaysOrOneItDoesNotListIsRefusedBeforeAnythingOfItIsWritten() throws IOException {
        for (ExecutorService threads : new ExecutorService[]{writers, null}) {
            Path into = Files.createDirectory(temp.resolve("sized-" + (threads != null)));
            SafeExtractor extractor = new SafeExtractor(into, threads);
            extractor.expect(List.of(listed("./d/small", 3), listed("d/fits", 5)));
            extractor.extract(new ByteArrayInputStream(tars.tar(tars.file("d/fits", "12345"))), p -> true, -1);
            RestoreFailure larger = assertThrows(RestoreFailure.class, () -> extractor.extract(
                    new ByteArrayInputStream(tars.tar(tars.file("d/small", "1234567890"))), p -> true, -1));
            assertEquals("checksum-mismatch", larger.code());
            assertTrue(larger.reason().contains("d/small has 10 bytes in its tar header, more than the 3 the manifest says"),
                    larger.reason());
            RestoreFailure unlisted = assertThrows(RestoreFailure.class, () -> extractor.extract(
                    new ByteArrayInputStream(tars.tar(tars.file("d/extra", "x"))), p -> true, -1));
            assertTrue(unlisted.reason().contains("d/extra is in the archive but not in its manifest"),
                    unlisted.reason());
            assertFalse(Files.exists(into.resolve("d/small")));
            assertFalse(Files.exists(into.resolve("d/extra")));
        }
    }

    @Test
    void nothingIsExtractedAfterTheLinksAreCreated() throws IOException {
        SafeExtractor extractor = new SafeExtractor(Files.createDirectory(temp.resolve("done")), writers);
        extractor.extract(new ByteArrayInputStream(tars.tar(link("l", TarConstants.LF_SYMLINK, "."))), p -> true, -1);
        extractor.finish();
        byte[] through = tars.tar(tars.file("l/x", "x"));
        assertThrows(IllegalStateException.class,
                () -> extractor.extract(new ByteArrayInputStream(through), p -> true, -1));
    }

    private static BackupManifest.FileEntry listed(String path, long size) {
        return new BackupManifest.FileEntry(path, BackupManifest.FileType.FILE, size, 0644, null, null, null, null);
    }

    private RestoreFailure extract(byte[] tar) throws IOException {
        Path into = Files.createDirectories(temp.resolve("dest-" + System.nanoTime()));
        RestoreFailure failure = assertThrows(RestoreFailure.class,
                () -> new SafeExtractor(into, writers).extract(new ByteArrayInputStream(tar), p -> true, -1));
        try (Stream<Path> left = Files.list(temp)) {
            assertFalse(left.anyMatch(p -> p.getFileName().toString().startsWith("x")), "nothing lands outside");
        }
        return failure;
    }
}
