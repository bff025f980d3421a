package io.backstream.restore.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared file operations never reach through a symbolic link. */
class LocalFilesTest {

    @TempDir
    Path temp;

    @Test
    void deletingATreeDeletesLinksButNotWhatTheyPointAt() throws IOException {
        Path outside = Files.createDirectory(temp.resolve("outside"));
        Path kept = Files.writeString(outside.resolve("kept.txt"), "kept");
        Path tree = Files.createDirectories(temp.resolve("tree/a"));
        Files.writeString(tree.resolve("f.txt"), "f");
        Files.createSymbolicLink(tree.resolve("link"), outside);

        LocalFiles.deleteTree(temp.resolve("tree"));

        assertFalse(Files.exists(temp.resolve("tree")));
        assertTrue(Files.exists(kept));
        assertDoesNotThrow(() -> LocalFiles.deleteTree(temp.resolve("tree")), "nothing there is fine");
    }

    @Test
    void replacingClearsAFileATreeOrALink() throws IOException {
        Path file = Files.writeString(temp.resolve("file"), "x");
        Path dir = Files.createDirectories(temp.resolve("dir/sub"));
        Path link = Files.createSymbolicLink(temp.resolve("link"), file);
        for (Path path : new Path[]{link, file, dir.getParent(), temp.resolve("missing")}) {
            LocalFiles.replace(path);
            assertFalse(Files.exists(path), path.toString());
        }
    }

    @Test
    void tarModesBecomeThePermissionsTheySay() {
        assertEquals("rwxr-x---", PosixFilePermissions.toString(LocalFiles.permissions(0100750)));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(LocalFiles.permissions(0644)));
        assertEquals("---------", PosixFilePermissions.toString(LocalFiles.permissions(0)));
    }
}
