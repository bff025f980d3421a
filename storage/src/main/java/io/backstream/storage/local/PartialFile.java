package io.backstream.storage.local;

import io.backstream.storage.Checksums;
import io.backstream.storage.StorageException;
import io.backstream.storage.StorageException.Kind;
import io.backstream.storage.journal.PartJournal.Part;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * The file an unfinished local upload appends its parts to. Every write is fsynced before it returns;
 * bytes beyond the recorded parts (a replaced part, an append that crashed before its journal entry) are
 * cut off by the next write and by {@link #seal}.
 */
final class PartialFile {

    private final Path file;

    PartialFile(Path file) {
        this.file = file;
    }

    /** Starts over with an empty file. */
    void create() throws IOException {
        Files.deleteIfExists(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** Writes {@code data} at {@code offset}, dropping whatever the file held from there on. */
    void writeAt(long offset, ByteBuffer data) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(offset);
            channel.position(offset);
            ByteBuffer source = data.duplicate();
            while (source.hasRemaining()) {
                channel.write(source);
            }
            channel.force(true);
        }
    }

    /**
     * Cuts the file to the recorded parts and checks each part's SHA-256 on disk.
     *
     * @throws StorageException {@link Kind#INTEGRITY} when the file is short or a part differs
     */
    void seal(String key, List<Part> parts) throws IOException {
        long expected = parts.stream().mapToLong(Part::size).sum();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            if (channel.size() < expected) {
                throw new StorageException(Kind.INTEGRITY, "complete", key,
                        "partial file has " + channel.size() + " bytes, parts add up to " + expected);
            }
            channel.truncate(expected);
            verify(key, channel, parts);
            channel.force(true);
        }
    }

    private static void verify(String key, FileChannel channel, List<Part> parts) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        long position = 0;
        for (Part part : parts) {
            MessageDigest digest = Checksums.sha256();
            long remaining = part.size();
            while (remaining > 0) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), remaining));
                int read = channel.read(buffer, position);
                if (read < 0) {
                    throw new StorageException(Kind.INTEGRITY, "complete", key, "partial file ends inside part " + part.partNumber());
                }
                buffer.flip();
                digest.update(buffer);
                position += read;
                remaining -= read;
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(part.sha256())) {
                throw new StorageException(Kind.INTEGRITY, "complete", key,
                        "part " + part.partNumber() + " on disk has SHA-256 " + actual + ", expected " + part.sha256());
            }
        }
    }
}
