package io.backstream.restore.domain;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
    void writingBelowOneOfTheArchivesSymbolicLinksIsRefused() throws IOException {
        EntryPolicy policy = new EntryPolicy(Files.createDirectory(temp.resolve("root")));
        Set<String> links = Set.of("d", "a/b");
        for (String below : new String[]{"d/x.txt", "a/b/c/x.txt"}) {
            RestoreFailure failure = assertThrows(RestoreFailure.class, () -> policy.checkParents(below, links::contains));
            assertEquals("unsafe-entry", failure.code());
            assertTrue(failure.reason().contains(below) && failure.reason().contains("symbolic link "), failure.reason());
        }
        assertDoesNotThrow(() -> policy.checkParents("d", links::contains), "the link's own path may be replaced");
        assertDoesNotThrow(() -> policy.checkParents("a/x.txt", links::contains));
        assertDoesNotThrow(() -> policy.checkParents("dd/x.txt", links::contains));
    }

    @Test
    void aSymbolicLinkFollowedThroughTheArchivesOtherLinksMustStayInside() throws IOException {
        EntryPolicy policy = new EntryPolicy(Files.createDirectory(temp.resolve("root")));
        Map<String, String> links = Map.of("here", ".", "x/up", "..", "loop", "loop", "abs", "/etc", "deep", "a/b/c");
        for (String[] outside : new String[][]{{"t", "here/.."}, {"t", "x/up/x/up/.."}, {"t", "loop/x"},
                {"t", "abs/passwd"}, {"d/t", "../here/here/../x"}}) {
            RestoreFailure failure = assertThrows(RestoreFailure.class,
                    () -> policy.checkLinkChain(outside[0], outside[1], links::get), outside[1]);
            assertEquals("unsafe-entry", failure.code(), outside[1]);
            assertTrue(failure.reason().contains(outside[0] + " is a symbolic link to " + outside[1]), failure.reason());
        }
        for (String[] inside : new String[][]{{"t", "here/x"}, {"t", "x/up/f"}, {"d/t", "../deep/../.."},
                {"t", "missing/../f"}, {"a/b/t", "../../here"}}) {
            assertDoesNotThrow(() -> policy.checkLinkChain(inside[0], inside[1], links::get), inside[1]);
        }
    }

    @Test
    void namesLongerThanTheFileSystemHoldsAreRefused() throws IOException {
        EntryPolicy policy = new EntryPolicy(Files.createDirectory(temp.resolve("root")));
        String longest = "n".repeat(EntryPolicy.MAX_NAME_BYTES);
        assertDoesNotThrow(() -> policy.target(longest + "/" + longest));
        for (String tooLong : new String[]{longest + "n", ("d/").repeat(EntryPolicy.MAX_PATH_BYTES / 2) + "f",
                "é".repeat(EntryPolicy.MAX_NAME_BYTES / 2 + 1)}) {
            RestoreFailure failure = assertThrows(RestoreFailure.class, () -> policy.target(tooLong));
            assertEquals("unsafe-entry", failure.code());
            assertTrue(failure.reason().contains("longer than the file system holds")
                    && failure.reason().length() < 300, failure.reason());
        }
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
