package io.backstream.storage.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

/**
 * Writes that survive a crash: a file is written beside its target under a unique temporary name,
 * fsynced, renamed atomically onto the target, and the directory is fsynced so the rename is durable too.
 * A directory that cannot be fsynced fails the write: a write that might not be durable must not be
 * acknowledged (callers retry it).
 */
public final class DurableFiles {

    private DurableFiles() {
    }

    /**
     * Replaces {@code target} with {@code content} atomically and durably; {@code ownerOnly} makes the file
     * readable by its owner only (on POSIX file systems) before any byte is written.
     */
    public static void replace(Path target, ByteBuffer content, boolean ownerOnly) throws IOException {
        Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                if (ownerOnly && isPosix()) {
                    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
                }
                while (content.hasRemaining()) {
                    channel.write(content);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        fsyncDirectory(target.getParent());
    }

    /** Makes the creation, rename or deletion of an entry of {@code directory} durable. */
    public static void fsyncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Whether the default file system has POSIX permissions. */
    public static boolean isPosix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
