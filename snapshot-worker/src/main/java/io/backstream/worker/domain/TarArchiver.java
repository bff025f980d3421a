package io.backstream.worker.domain;

import io.backstream.schema.manifest.BackupManifest.FileEntry;
import io.backstream.schema.manifest.BackupManifest.FileType;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes directory trees as a PAX tar into a {@link FramedChunker}: a deterministic walk (names
 * sorted), long and non-ASCII names, sizes beyond 8 GiB, modes, uid/gid and owner names, mtimes,
 * symbolic links stored as links (never followed) and empty directories.
 *
 * <p>A file that changes size while it is read keeps the size its header announced (zero-padded
 * or cut), so the archive stays valid, and the change is recorded as a warning. Sockets, pipes
 * and devices are skipped with a warning.
 */
public final class TarArchiver {

    private static final int COPY_BUFFER = 256 * 1024;
    private static final int TYPE_DIRECTORY = 0040000;
    private static final int TYPE_FILE = 0100000;
    private static final int TYPE_SYMLINK = 0120000;

    private final FramedChunker chunker;
    private final TarArchiveOutputStream tar;
    private final List<String> warnings = new ArrayList<>();
    private final ByteBuffer buffer = ByteBuffer.allocate(COPY_BUFFER);
    private long entryCount;

    public TarArchiver(FramedChunker chunker) {
        this.chunker = chunker;
        // 512-byte blocks: every header reaches the chunker at once, so its raw position is the header's offset
        this.tar = new TarArchiveOutputStream(chunker, TarConstants.DEFAULT_RCDSIZE, "UTF-8");
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
    }

    /** Entries written so far (files, directories, links). */
    public long entryCount() {
        return entryCount;
    }

    /** Files that changed while read, skipped special files, and the like. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /**
     * Adds everything below {@code root} (not {@code root} itself) with paths relative to it.
     *
     * @param includes globs; when not empty, only matching paths and everything below a matching
     *                 directory are taken
     * @param excludes globs; a matching path is skipped, a matching directory with all it holds
     */
    public void addTree(Path root, List<String> includes, List<String> excludes) throws IOException {
        List<PathMatcher> in = matchers(includes);
        List<PathMatcher> out = matchers(excludes);
        walk(root, "", in.isEmpty(), in, out);
    }

    /** Writes the end-of-archive blocks and sends the last chunk. */
    public void finish() throws IOException {
        tar.close();
    }

    private void walk(Path dir, String relativeDir, boolean taken, List<PathMatcher> includes,
                      List<PathMatcher> excludes) throws IOException {
        List<Path> children;
        try (Stream<Path> listing = Files.list(dir)) {
            children = listing.sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
        } catch (AccessDeniedException e) {
            throw new BackupFailedException("permission denied listing " + dir
                    + ": give the worker's user read access or exclude it");
        }
        for (Path child : children) {
            String relative = relativeDir.isEmpty() ? child.getFileName().toString()
                    : relativeDir + "/" + child.getFileName();
            Path relativePath = Path.of(relative);
            if (matchesAny(excludes, relativePath)) {
                continue;
            }
            PosixFileAttributes attributes;
            Map<String, Object> unix;
            try {
                attributes = Files.readAttributes(child, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                unix = Files.readAttributes(child, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                warnings.add(relative + ": deleted while the backup ran, not archived");
                continue;
            }
            boolean childTaken = taken || matchesAny(includes, relativePath);
            if (attributes.isDirectory()) {
                if (childTaken) {
                    TarArchiveEntry entry = entry(relative + "/", TarConstants.LF_DIR, TYPE_DIRECTORY, attributes, unix);
                    put(entry, relative, FileType.DIRECTORY, null);
                    tar.closeArchiveEntry();
                }
                walk(child, relative, childTaken, includes, excludes);
            } else if (!childTaken) {
                continue;
            } else if (attributes.isSymbolicLink()) {
                TarArchiveEntry entry = entry(relative, TarConstants.LF_SYMLINK, TYPE_SYMLINK, attributes, unix);
                String target = Files.readSymbolicLink(child).toString();
                entry.setLinkName(target);
                put(entry, relative, FileType.SYMLINK, target);
                tar.closeArchiveEntry();
            } else if (attributes.isRegularFile()) {
                addFile(child, relative, attributes, unix);
            } else {
                warnings.add(relative + ": special file (socket, pipe or device) not archived");
            }
        }
    }

    private void addFile(Path file, String relative, PosixFileAttributes attributes, Map<String, Object> unix)
            throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (AccessDeniedException e) {
            throw new BackupFailedException("permission denied reading " + file
                    + ": give the worker's user read access or exclude it");
        } catch (NoSuchFileException e) {
            warnings.add(relative + ": deleted while the backup ran, not archived");
            return;
        }
        try (channel) {
            long size = channel.size();
            TarArchiveEntry entry = entry(relative, TarConstants.LF_NORMAL, TYPE_FILE, attributes, unix);
            entry.setSize(size);
            put(entry, relative, FileType.FILE, null);
            long copied = copy(channel, size);
            if (copied < size) {
                warnings.add(relative + ": shrank from " + size + " to " + copied
                        + " bytes while read; archived zero-padded to " + size + " bytes");
                pad(size - copied);
            } else if (channel.read(ByteBuffer.allocate(1)) > 0) {
                warnings.add(relative + ": grew while read; archived its first " + size + " bytes");
            }
            tar.closeArchiveEntry();
        }
    }

    private long copy(FileChannel channel, long size) throws IOException {
        long copied = 0;
        while (copied < size) {
            buffer.clear();
            buffer.limit((int) Math.min(buffer.capacity(), size - copied));
            int read = channel.read(buffer);
            if (read < 0) {
                break;
            }
            tar.write(buffer.array(), 0, read);
            copied += read;
        }
        return copied;
    }

    private void pad(long bytes) throws IOException {
        byte[] zeros = new byte[(int) Math.min(COPY_BUFFER, bytes)];
        while (bytes > 0) {
            int n = (int) Math.min(zeros.length, bytes);
            tar.write(zeros, 0, n);
            bytes -= n;
        }
    }

    private void put(TarArchiveEntry entry, String path, FileType type, String linkTarget) throws IOException {
        FileEntry file = new FileEntry(path, type, entry.getSize(), entry.getMode() & 07777,
                entry.getLastModifiedTime().toInstant(), null, chunker.rawPosition(), linkTarget);
        chunker.entryStarts(file);
        tar.putArchiveEntry(entry);
        entryCount++;
    }

    private static TarArchiveEntry entry(String name, byte linkFlag, int typeBits, PosixFileAttributes attributes,
                                         Map<String, Object> unix) {
        TarArchiveEntry entry = new TarArchiveEntry(name, linkFlag);
        entry.setMode(typeBits | (((Integer) unix.get("mode")) & 07777));
        entry.setUserId(((Integer) unix.get("uid")).longValue());
        entry.setGroupId(((Integer) unix.get("gid")).longValue());
        entry.setUserName(attributes.owner().getName());
        entry.setGroupName(attributes.group().getName());
        FileTime mtime = attributes.lastModifiedTime();
        entry.setLastModifiedTime(mtime);
        return entry;
    }

    private static List<PathMatcher> matchers(List<String> globs) {
        return globs.stream().map(glob -> FileSystems.getDefault().getPathMatcher("glob:" + glob)).toList();
    }

    private static boolean matchesAny(List<PathMatcher> matchers, Path relative) {
        for (PathMatcher matcher : matchers) {
            if (matcher.matches(relative)) {
                return true;
            }
        }
        return false;
    }
}
