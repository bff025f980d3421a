package io.backstream.restore.domain;

import io.backstream.restore.fixture.TarBuilder;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The file writers on their own. Writing on writer threads and in pieces is also checked through
 * {@link SafeExtractorTest}, as the restore service runs it.
 */
class FileEntryWriterTest {

    @TempDir
    Path temp;

    private final TarBuilder tars = new TarBuilder();

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
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            FileEntryWriter files = new FileEntryWriter(writers);
            IOException failure = assertThrows(IOException.class,
                    () -> writeFirstEntry(files, cut, temp.resolve("large.bin")));
            assertTrue(failure.getMessage().toLowerCase(Locale.ROOT).contains("truncated"), failure.getMessage());
            files.awaitWritesQuietly();
        } finally {
            writers.shutdownNow();
        }
    }

    private static long writeFirstEntry(FileEntryWriter files, byte[] tar, Path target) throws IOException {
        TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar));
        TarArchiveEntry entry = in.getNextEntry();
        return files.write(in, entry, entry.getName(), target, entry.getMode() & 0777, entry.getLastModifiedTime());
    }
}
