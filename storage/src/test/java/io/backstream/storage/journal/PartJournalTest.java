package io.backstream.storage.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstream.storage.MultipartUpload;
import io.backstream.storage.StorageException;
import io.backstream.storage.journal.PartJournal.Part;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartJournalTest {

    record Entry(String key, String token, List<Part> parts) implements PartJournal.Entry {
    }

    @TempDir
    Path dir;

    private final PartJournal<Entry> journal = new PartJournal<>(Entry.class, true);

    @Test
    void anEntryIsReadBackByItsTokenOnly() {
        Path file = dir.resolve("upload.json");
        journal.write("uploadPart", file, new Entry("a/b", "t1", List.of(new Part(1, 10, "ab"))));

        Entry read = journal.require("resume", new MultipartUpload("a/b", "t1"), file);

        assertEquals(List.of(new Part(1, 10, "ab")), read.parts());
        StorageException stale = assertThrows(StorageException.class,
                () -> journal.require("resume", new MultipartUpload("a/b", "t0"), file));
        assertEquals(StorageException.Kind.NOT_FOUND, stale.kind());
        journal.delete("abort", "a/b", file);
        assertTrue(journal.find("findUpload", "a/b", file).isEmpty());
    }

    @Test
    void writesLeaveOneOwnerOnlyFileAndNoTemporaries() throws IOException {
        Path file = dir.resolve("upload.json");
        journal.write("start", file, new Entry("k", "t", List.of()));
        journal.write("uploadPart", file, new Entry("k", "t", List.of(new Part(1, 1, "00"))));

        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
        if (DurableFiles.isPosix()) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
    }

    @Test
    void aFailedWriteFailsTheOperation() {
        Path missingDirectory = dir.resolve("gone").resolve("upload.json");

        StorageException e = assertThrows(StorageException.class,
                () -> journal.write("uploadPart", missingDirectory, new Entry("k", "t", List.of())));

        assertEquals("uploadPart", e.operation());
    }

    @Test
    void completionAndOrderAreCheckedAgainstTheRecordedParts() {
        Entry entry = new Entry("k", "t", List.of(new Part(1, 5, "aa"), new Part(2, 3, "bb")));

        PartJournal.requireCompletes(entry, PartJournal.receipts(entry));
        PartJournal.requireNext(entry, 3);
        assertEquals(StorageException.Kind.INTEGRITY, assertThrows(StorageException.class,
                () -> PartJournal.requireCompletes(entry, PartJournal.receipts(entry).subList(0, 1))).kind());
        assertEquals(StorageException.Kind.INVALID_REQUEST, assertThrows(StorageException.class,
                () -> PartJournal.requireNext(entry, 5)).kind());
    }
}
