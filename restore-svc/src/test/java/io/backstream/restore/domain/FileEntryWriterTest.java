package io.backstream.restore.domain;

import io.backstream.restore.fixture.TarBuilder;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
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
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The file writers on their own: contents, modes and mtimes, on writer threads, in pieces or on the caller's. */
class FileEntryWriterTest {

    private final TarBuilder tars = new TarBuilder();
    private final ExecutorService writers = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopWriters() {
        writers.shutdownNow();
    }

    @TempDir
    Path temp;

    @Test
    void aLargeFileIsWrittenInPiecesBeyondTheWriteBudgetWithItsModeAndMtime() throws IOException {
        // more than the write budget, and not a whole number of pieces
        byte[] large = new byte[FileEntryWriter.WRITE_BUDGET + 3 * FileEntryWriter.BLOCK + 12345];
        new Random(11).nextBytes(large);
        TarArchiveEntry data = tars.file("large.bin", large);
        data.setMode(0100640);
        FileTime mtime = FileTime.from(Instant.parse("2024-02-29T12:34:56Z"));
        data.setModTime(mtime);
        FileEntryWriter files = new FileEntryWriter(writers);
        Path target = temp.resolve("large.bin");

        assertEquals(large.length, writeFirstEntry(files, tars.tar(data), target));
        files.awaitWrites();

        assertFalse(files.pending("large.bin"), "nothing pending once awaited");
        assertArrayEquals(large, Files.readAllBytes(target));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertEquals(mtime, Files.getLastModifiedTime(target));
    }

    @Test
    void withoutWritersAFileIsWrittenOnTheCallingThreadAndReplacesWhatIsThere() throws IOException {
        TarArchiveEntry script = tars.file("run.sh", "#!/bin/sh");
        script.setMode(0100750);
        Path target = Files.writeString(temp.resolve("run.sh"), "old contents");
        FileEntryWriter files = new FileEntryWriter(null);

        assertEquals("#!/bin/sh".length(), writeFirstEntry(files, tars.tar(script), target));

        assertFalse(files.pending("run.sh"));
        assertEquals("#!/bin/sh", Files.readString(target));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    }

    @Test
    void aLargeFileCutShortFailsInsteadOfWaitingForMissingPieces() throws IOException {
        byte[] large = new byte[3 * FileEntryWriter.BLOCK];
        byte[] cut = Arrays.copyOf(tars.tar(tars.file("large.bin", large)), 512 + 2 * FileEntryWriter.BLOCK);
        FileEntryWriter files = new FileEntryWriter(writers);
        IOException failure = assertThrows(IOException.class,
                () -> writeFirstEntry(files, cut, temp.resolve("large.bin")));
        assertTrue(failure.getMessage().toLowerCase(Locale.ROOT).contains("truncated"), failure.getMessage());
        files.awaitWritesQuietly();
    }

    private static long writeFirstEntry(FileEntryWriter files, byte[] tar, Path target) throws IOException {
        TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar));
        TarArchiveEntry entry = in.getNextEntry();
        return files.write(in, entry, entry.getName(), target, entry.getMode() & 0777, entry.getLastModifiedTime());
    }
}
