package io.backstream.restore.domain;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The path-safety rules on their own: what an entry may write where, below one root. */
class EntryPolicyTest {

    @TempDir
    Path temp;

    @Test
    void archivePathsAreNormalised() {
        assertEquals("a/b", EntryPolicy.normalise("./././a/b//"));
        assertEquals("", EntryPolicy.normalise("./"));
        assertEquals("", EntryPolicy.normalise("."));
    }

    @Test
    void anEntryLandsStrictlyBelowTheRoot() throws IOException {
        Path root = Files.createDirectory(temp.resolve("root"));
        EntryPolicy policy = new EntryPolicy(root);
        assertEquals(root.resolve("a/b.txt"), policy.target("a/b.txt"));
        assertEquals(root.resolve("a/c"), policy.target("a/./c"));
        for (String unsafe : new String[]{"/etc/passwd", "../x", "a/../../x", "a/..", "a\0b"}) {
            RestoreFailure failure = assertThrows(RestoreFailure.class, () -> policy.target(unsafe), unsafe);
            assertEquals("unsafe-entry", failure.code(), unsafe);
        }
    }

    @Test
    void writingThroughASymbolicLinkParentIsRefusedUnlessThatParentWasCheckedBefore() throws IOException {
        Path root = Files.createDirectory(temp.resolve("root"));
        Files.createSymbolicLink(root.resolve("d"), Path.of("."));
        EntryPolicy policy = new EntryPolicy(root);
        Path target = policy.target("d/x.txt");
        RestoreFailure failure = assertThrows(RestoreFailure.class, () -> policy.checkParents("d/x.txt", target, Set.of()));
        assertEquals("unsafe-entry", failure.code());
        assertTrue(failure.reason().contains("d/x.txt") && failure.reason().contains("symbolic link d"),
                failure.reason());
        assertDoesNotThrow(() -> policy.checkParents("d/x.txt", target, Set.of(root.resolve("d"))));
        assertDoesNotThrow(() -> policy.checkParents("e/x.txt", policy.target("e/x.txt"), Set.of()));
    }

    @Test
    void symbolicLinksMayPointOnlyInsideTheRoot() throws IOException {
        Path root = Files.createDirectory(temp.resolve("root"));
        EntryPolicy policy = new EntryPolicy(root);
        Path target = policy.target("d/link");
        assertDoesNotThrow(() -> policy.checkSymbolicLink("d/link", target, "../f.txt"));
        assertDoesNotThrow(() -> policy.checkSymbolicLink("d/link", target, "e/f.txt"));
        for (String outside : new String[]{"../../f.txt", "/etc/passwd", ""}) {
            RestoreFailure failure = assertThrows(RestoreFailure.class,
                    () -> policy.checkSymbolicLink("d/link", target, outside), outside);
            assertEquals("unsafe-entry", failure.code(), outside);
            assertTrue(failure.reason().contains("d/link"), failure.reason());
        }
    }

    @Test
    void hardLinksMayPointOnlyAtRegularFilesAlreadyInsideTheRoot() throws IOException {
        Path root = Files.createDirectory(temp.resolve("root"));
        Files.writeString(temp.resolve("outside.txt"), "secret");
        Files.writeString(root.resolve("f.txt"), "inside");
        Files.createDirectory(root.resolve("dir"));
        Files.createSymbolicLink(root.resolve("sym"), Path.of("f.txt"));
        EntryPolicy policy = new EntryPolicy(root);
        assertEquals(root.resolve("f.txt"), policy.hardLinkSource("h", "./f.txt"));
        for (String bad : new String[]{"../outside.txt", "/etc/passwd", "dir", "sym", "missing", ".", "dir/../f.txt"}) {
            RestoreFailure failure = assertThrows(RestoreFailure.class, () -> policy.hardLinkSource("h", bad), bad);
            assertEquals("unsafe-entry", failure.code(), bad);
            assertTrue(failure.reason().startsWith("unsafe-entry: h is a hard link to " + bad), failure.reason());
        }
    }

    @Test
    void deviceAndFifoEntriesAreRefusedAndOtherTypesAllowed() {
        for (byte type : new byte[]{TarConstants.LF_CHR, TarConstants.LF_BLK, TarConstants.LF_FIFO}) {
            RestoreFailure failure = assertThrows(RestoreFailure.class,
                    () -> EntryPolicy.checkType("dev", new TarArchiveEntry("dev", type)));
            assertEquals("unsafe-entry", failure.code());
        }
        for (byte type : new byte[]{TarConstants.LF_NORMAL, TarConstants.LF_DIR, TarConstants.LF_SYMLINK,
                TarConstants.LF_LINK}) {
            assertDoesNotThrow(() -> EntryPolicy.checkType("ok", new TarArchiveEntry("ok", type)));
        }
    }
}
