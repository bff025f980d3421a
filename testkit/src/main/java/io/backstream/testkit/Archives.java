package io.backstream.testkit;

import com.github.luben.zstd.Zstd;
import io.backstream.schema.manifest.BackupManifest;
import io.backstream.schema.manifest.BackupManifest.FileEntry;
import io.backstream.schema.manifest.BackupManifest.FileType;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Archives laid out the way the backup path produces them, for tests of the services that read them: a PAX tar
 * (Commons Compress) compressed as independent zstd frames, frames grouped into chunks, the chunks concatenated
 * into the archive, and for every entry the raw (tar) offset of its header and the chunk holding it.
 */
public final class Archives {

    private Archives() {
    }

    /** One tar entry to write; {@code content} is empty for anything but files. */
    public record Entry(String name, FileType type, byte[] content, int mode, Instant mtime, String linkTarget) {
    }

    /** One chunk: its compressed bytes, the tar range it holds and the entries whose headers start in it. */
    public record Chunk(long sequence, byte[] bytes, long rawOffset, long rawSize, List<FileEntry> files) {

        public String sha256() {
            return Archives.sha256(bytes);
        }
    }

    /** A built archive: the tar, its chunks, every entry (in tar order) and the concatenated chunks. */
    public record Archive(byte[] tar, List<Chunk> chunks, List<FileEntry> files, byte[] bytes) {

        public String sha256() {
            return Archives.sha256(bytes);
        }

        /** The chunks as a manifest lists them, with their offsets in the archive. */
        public List<BackupManifest.Chunk> manifestChunks() {
            List<BackupManifest.Chunk> result = new ArrayList<>();
            long offset = 0;
            for (Chunk chunk : chunks) {
                result.add(new BackupManifest.Chunk(chunk.sequence(), offset, chunk.bytes().length, chunk.sha256(),
                        chunk.rawOffset(), chunk.rawSize()));
                offset += chunk.bytes().length;
            }
            return result;
        }
    }

    /** When a chunk is complete, asked after each frame. */
    @FunctionalInterface
    public interface ChunkCut {

        boolean complete(int frames, long compressedBytes);

        /** Every {@code frames} frames. */
        static ChunkCut everyFrames(int frames) {
            return (count, bytes) -> count >= frames;
        }

        /** Once the chunk holds at least {@code bytes} compressed bytes, as the snapshot worker cuts them. */
        static ChunkCut atLeastBytes(long bytes) {
            return (count, size) -> size >= bytes;
        }
    }

    /** The entries of a directory tree, parents before children, sorted by name; mtimes in whole seconds. */
    public static List<Entry> entriesOf(Path root) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.filter(p -> !p.equals(root)).sorted().toList();
        }
        List<Entry> entries = new ArrayList<>();
        for (Path path : paths) {
            String name = root.relativize(path).toString();
            Instant mtime = Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).toInstant()
                    .truncatedTo(ChronoUnit.SECONDS);
            if (Files.isSymbolicLink(path)) {
                entries.add(new Entry(name, FileType.SYMLINK, new byte[0], 0777, mtime,
                        Files.readSymbolicLink(path).toString()));
            } else if (Files.isDirectory(path)) {
                entries.add(new Entry(name, FileType.DIRECTORY, new byte[0], mode(path), mtime, null));
            } else {
                entries.add(new Entry(name, FileType.FILE, Files.readAllBytes(path), mode(path), mtime, null));
            }
        }
        return entries;
    }

    /**
     * Writes {@code entries} as a PAX tar, compresses it as zstd frames of {@code frameRawBytes} tar bytes each
     * (level 3) and groups the frames into chunks as {@code cut} says; the last chunk may be smaller.
     */
    public static Archive zstd(List<Entry> entries, int frameRawBytes, ChunkCut cut) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        List<Long> headerOffsets = writeTar(entries, raw);
        byte[] tar = raw.toByteArray();

        List<long[]> ranges = new ArrayList<>();
        List<byte[]> chunkBytes = new ArrayList<>();
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        int frames = 0;
        int chunkStart = 0;
        for (int start = 0; start < tar.length; start += frameRawBytes) {
            int end = Math.min(tar.length, start + frameRawBytes);
            chunk.write(Zstd.compress(Arrays.copyOfRange(tar, start, end), 3));
            frames++;
            if (cut.complete(frames, chunk.size()) || end == tar.length) {
                ranges.add(new long[] {chunkStart, end - chunkStart});
                chunkBytes.add(chunk.toByteArray());
                chunk.reset();
                frames = 0;
                chunkStart = end;
            }
        }

        List<FileEntry> files = new ArrayList<>();
        List<List<FileEntry>> filesByChunk = new ArrayList<>();
        ranges.forEach(range -> filesByChunk.add(new ArrayList<>()));
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            long offset = headerOffsets.get(i);
            int sequence = 0;
            while (offset >= ranges.get(sequence)[0] + ranges.get(sequence)[1]) {
                sequence++;
            }
            FileEntry file = new FileEntry(e.name(), e.type(), e.type() == FileType.FILE ? e.content().length : 0,
                    e.mode(), e.mtime(), (long) sequence, offset, e.linkTarget());
            files.add(file);
            filesByChunk.get(sequence).add(file);
        }

        List<Chunk> chunks = new ArrayList<>();
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        for (int sequence = 0; sequence < ranges.size(); sequence++) {
            byte[] bytes = chunkBytes.get(sequence);
            chunks.add(new Chunk(sequence, bytes, ranges.get(sequence)[0], ranges.get(sequence)[1],
                    List.copyOf(filesByChunk.get(sequence))));
            archive.write(bytes);
        }
        return new Archive(tar, List.copyOf(chunks), List.copyOf(files), archive.toByteArray());
    }

    /** Lower-case hex SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Long> writeTar(List<Entry> entries, ByteArrayOutputStream raw) throws IOException {
        List<Long> offsets = new ArrayList<>();
        // 512-byte blocks: the underlying stream holds every header as soon as it is written, so its size
        // before putArchiveEntry is the entry's raw offset (PAX extended header included)
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(raw, 512)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            for (Entry e : entries) {
                TarArchiveEntry entry = switch (e.type()) {
                    case DIRECTORY -> new TarArchiveEntry(e.name() + "/");
                    case SYMLINK -> link(e, TarConstants.LF_SYMLINK);
                    case HARDLINK -> link(e, TarConstants.LF_LINK);
                    // keeps a leading '/' so tests can craft absolute entries
                    default -> new TarArchiveEntry(e.name(), TarConstants.LF_NORMAL, true);
                };
                entry.setMode(e.mode() | (e.type() == FileType.DIRECTORY ? 040000 : 0100000));
                entry.setModTime(FileTime.from(e.mtime()));
                if (e.type() == FileType.FILE) {
                    entry.setSize(e.content().length);
                }
                offsets.add((long) raw.size());
                tar.putArchiveEntry(entry);
                if (e.type() == FileType.FILE) {
                    tar.write(e.content());
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
        return offsets;
    }

    private static TarArchiveEntry link(Entry e, byte type) {
        TarArchiveEntry link = new TarArchiveEntry(e.name(), type);
        link.setLinkName(e.linkTarget());
        return link;
    }

    private static int mode(Path path) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return mode;
    }
}
