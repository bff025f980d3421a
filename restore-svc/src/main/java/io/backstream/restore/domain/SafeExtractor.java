package io.backstream.restore.domain;

import io.backstream.schema.manifest.BackupManifest.FileType;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.function.Predicate;

/**
 * Extracts tar streams into one directory and refuses anything that could write outside it: absolute paths,
 * {@code ..} segments, paths through symbolic links, symbolic or hard links pointing outside, and device or FIFO
 * entries ({@link RestoreFailure} {@code unsafe-entry} naming the path). Restores contents, modes, mtimes,
 * symbolic links, hard links and empty directories; directory modes and mtimes are applied by {@link #finish()},
 * after their contents. Later streams replace what earlier ones wrote (incremental chains).
 *
 * <p>With a {@code writers} executor, files up to {@link #ASYNC_FILE_MAX} bytes are read from the tar
 * stream into memory and created, written and given their mode and mtime on those threads while the
 * stream moves on: creating many small files is mostly system-call latency. Larger files are created on
 * the calling thread and their contents handed to the writers in {@link #BLOCK} pieces, written in order,
 * so that reading, checking and decompressing the stream overlaps the page-cache writes. At most
 * {@link #WRITE_BUDGET} bytes wait for a writer. Entries that depend on earlier ones (links, a path seen
 * again) wait for every pending write first, and {@link #extract} returns only when all of them are done.
 */
public final class SafeExtractor {

    /** What was extracted for one path. */
    public record Extracted(FileType type, long size) {
    }

    private record DirectoryAttributes(Path path, int mode, FileTime mtime) {
    }

    /** Files up to this size are written on the writer threads. */
    static final int ASYNC_FILE_MAX = 1024 * 1024;
    /** Bytes of file contents waiting for a writer thread, at most. */
    static final int WRITE_BUDGET = 32 * 1024 * 1024;
    /** Piece of a larger file handed to a writer, and the copy buffer without writers. */
    static final int BLOCK = 1024 * 1024;

    private final Path root;
    private final Executor writers;
    private final Map<String, Extracted> extracted = new LinkedHashMap<>();
    private final Map<String, DirectoryAttributes> directories = new LinkedHashMap<>();
    /** Directories this extractor has made or seen, so their parents are not created again. */
    private final Set<Path> knownDirectories = new HashSet<>();
    private final Semaphore budget = new Semaphore(WRITE_BUDGET);
    private final Map<String, CompletableFuture<Void>> pendingWrites = new HashMap<>();
    /** Blocks that writers are done with, for the next pieces. */
    private final Queue<byte[]> freeBlocks = new ConcurrentLinkedQueue<>();
    private byte[] copyBuffer;
    private long bytes;

    /**
     * @param root    an existing, empty directory
     * @param writers runs the writes of small files, {@code null} to write everything on the calling thread
     */
    public SafeExtractor(Path root, Executor writers) {
        this.root = root.toAbsolutePath().normalize();
        this.writers = writers;
        knownDirectories.add(this.root);
    }

    /**
     * Extracts entries of {@code tar} whose normalised path {@code include} accepts, skipping the others.
     *
     * @param stopAfter stop after this many accepted entries (a partial run that ends mid-archive), or -1 to read
     *                  up to the end-of-archive marker
     */
    public void extract(InputStream tar, Predicate<String> include, int stopAfter) throws IOException {
        TarArchiveInputStream in = new TarArchiveInputStream(tar);
        int accepted = 0;
        boolean done = false;
        try {
            while (stopAfter < 0 || accepted < stopAfter) {
                TarArchiveEntry entry = in.getNextEntry();
                if (entry == null) {
                    break;
                }
                String path = normalise(entry.getName());
                if (path.isEmpty() || !include.test(path)) {
                    continue;
                }
                accepted++;
                write(in, entry, path);
            }
            done = true;
        } finally {
            if (done) {
                awaitWrites();
            } else {
                awaitWritesQuietly();
            }
        }
    }

    /** Normalised archive path: no leading {@code ./}, no trailing {@code /}. */
    public static String normalise(String name) {
        String path = name;
        while (path.startsWith("./")) {
            path = path.substring(2);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path.equals(".") ? "" : path;
    }

    private void write(TarArchiveInputStream in, TarArchiveEntry entry, String path) throws IOException {
        Path target = checkedTarget(path);
        checkParents(path, target);
        if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
            throw new RestoreFailure("unsafe-entry", path + " is a device or FIFO entry");
        }
        boolean regularFile = entry.isFile() && !entry.isSymbolicLink() && !entry.isLink();
        // an entry that replaces or links to what may still be being written waits for the writes
        if (pendingWrites.containsKey(path) || !(regularFile || entry.isDirectory())
                || (regularFile && knownDirectories.contains(target))) {
            awaitWrites();
        }
        if (!entry.isDirectory() && knownDirectories.contains(target)) {
            replace(target);
            knownDirectories.removeIf(known -> known.startsWith(target));
        }
        FileTime mtime = entry.getLastModifiedTime();
        int mode = entry.getMode() & 0777;
        if (entry.isDirectory()) {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(target);
            }
            Files.createDirectories(target);
            knownDirectories.add(target);
            directories.put(path, new DirectoryAttributes(target, mode, mtime));
            extracted.put(path, new Extracted(FileType.DIRECTORY, 0));
            return;
        }
        if (knownDirectories.add(target.getParent())) {
            Files.createDirectories(target.getParent());
        }
        if (regularFile && writers != null) {
            if (entry.getSize() <= ASYNC_FILE_MAX) {
                writeLater(in, entry, path, target, mode, mtime);
            } else {
                writeInPieces(in, entry, path, target, mode, mtime);
            }
            return;
        }
        replace(target);
        if (entry.isSymbolicLink()) {
            String link = entry.getLinkName();
            Path resolved = target.getParent().resolve(link).normalize();
            if (link.isEmpty() || link.startsWith("/") || !resolved.startsWith(root)) {
                throw new RestoreFailure("unsafe-entry", path + " is a symbolic link to " + link
                        + ", which is outside the destination");
            }
            Files.createSymbolicLink(target, Path.of(link));
            setTime(target, mtime);
            extracted.put(path, new Extracted(FileType.SYMLINK, 0));
        } else if (entry.isLink()) {
            String link = normalise(entry.getLinkName());
            Path source = link.startsWith("/") ? null : root.resolve(link).normalize();
            if (source == null || !source.startsWith(root) || source.equals(root) || hasDotDot(link)
                    || !Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
                throw new RestoreFailure("unsafe-entry", path + " is a hard link to " + entry.getLinkName()
                        + ", which is not a file extracted inside the destination");
            }
            Files.createLink(target, source);
            extracted.put(path, new Extracted(FileType.HARDLINK, 0));
        } else if (entry.isFile()) {
            long written = 0;
            if (copyBuffer == null) {
                copyBuffer = new byte[BLOCK];
            }
            try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                for (int n = in.read(copyBuffer); n >= 0; n = in.read(copyBuffer)) {
                    out.write(copyBuffer, 0, n);
                    written += n;
                }
            }
            if (written != entry.getSize()) {
                throw new RestoreFailure("checksum-mismatch", path + " has " + written + " bytes, its tar header says "
                        + entry.getSize());
            }
            bytes += written;
            Files.setPosixFilePermissions(target, permissions(mode));
            setTime(target, mtime);
            extracted.put(path, new Extracted(FileType.FILE, written));
        } else {
            throw new RestoreFailure("unsafe-entry", path + " has an unsupported tar entry type");
        }
    }

    /** Reads a small file's contents now and creates it on a writer thread. */
    private void writeLater(TarArchiveInputStream in, TarArchiveEntry entry, String path, Path target, int mode,
                            FileTime mtime) throws IOException {
        int size = (int) entry.getSize();
        byte[] content = new byte[size];
        int read = in.readNBytes(content, 0, size);
        if (read != size || in.read() != -1) {
            throw shorterThanHeader(path, entry);
        }
        int cost = Math.max(1, size);
        acquireBudget(cost, path);
        CompletableFuture<Void> write;
        try {
            write = CompletableFuture.runAsync(() -> {
                try {
                    try (FileChannel file = create(target)) {
                        writeFully(file, content, content.length);
                    }
                    Files.setPosixFilePermissions(target, permissions(mode));
                    setTime(target, mtime);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    budget.release(cost);
                }
            }, writers);
        } catch (RuntimeException rejected) {
            budget.release(cost);
            throw rejected;
        }
        pendingWrites.put(path, write);
        bytes += size;
        extracted.put(path, new Extracted(FileType.FILE, size));
    }

    /**
     * Creates a larger file now and queues its contents to the writers piece by piece; each piece is written
     * after the one before it, and the last step closes the file and sets its mode and mtime. A piece after a
     * failed one is not written but still gives its memory back, so the stream never waits for it in vain.
     */
    private void writeInPieces(TarArchiveInputStream in, TarArchiveEntry entry, String path, Path target, int mode,
                               FileTime mtime) throws IOException {
        FileChannel file = create(target);
        CompletableFuture<Void> written = CompletableFuture.completedFuture(null);
        try {
            for (long remaining = entry.getSize(); remaining > 0; ) {
                int length = (int) Math.min(BLOCK, remaining);
                acquireBudget(length, path);
                byte[] block = freeBlocks.poll();
                if (block == null) {
                    block = new byte[BLOCK];
                }
                int read = -1;
                try {
                    read = in.readNBytes(block, 0, length);
                } finally {
                    if (read != length) {
                        giveBack(block, length);
                    }
                }
                if (read != length) {
                    throw shorterThanHeader(path, entry);
                }
                byte[] piece = block;
                written = written.handleAsync((ignored, failure) -> {
                    try {
                        rethrow(failure);
                        writeFully(file, piece, length);
                        return null;
                    } finally {
                        giveBack(piece, length);
                    }
                }, writers);
                remaining -= length;
            }
        } catch (IOException | RuntimeException e) {
            pendingWrites.put(path, closeAfter(written, file));
            throw e;
        }
        pendingWrites.put(path, closeAfter(written, file).thenRunAsync(() -> {
            try {
                Files.setPosixFilePermissions(target, permissions(mode));
                setTime(target, mtime);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, writers));
        bytes += entry.getSize();
        extracted.put(path, new Extracted(FileType.FILE, entry.getSize()));
    }

    private static RestoreFailure shorterThanHeader(String path, TarArchiveEntry entry) {
        return new RestoreFailure("checksum-mismatch", path + " does not have the " + entry.getSize()
                + " bytes its tar header says");
    }

    /** Returns a piece's buffer and its share of the write budget. */
    private void giveBack(byte[] block, int length) {
        freeBlocks.add(block);
        budget.release(length);
    }

    /** Closes {@code file} once {@code written} is done, whether it failed or not; the first failure stays. */
    private CompletableFuture<Void> closeAfter(CompletableFuture<Void> written, FileChannel file) {
        return written.handleAsync((ignored, failure) -> {
            try {
                file.close();
            } catch (IOException e) {
                if (failure == null) {
                    throw new UncheckedIOException(e);
                }
            }
            rethrow(failure);
            return null;
        }, writers);
    }

    private static void rethrow(Throwable failure) {
        if (failure != null) {
            throw failure instanceof CompletionException completion ? completion : new CompletionException(failure);
        }
    }

    private static void writeFully(FileChannel file, byte[] bytes, int length) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
        try {
            while (buffer.hasRemaining()) {
                file.write(buffer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void acquireBudget(int cost, String path) throws IOException {
        try {
            budget.acquire(cost);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while extracting " + path, e);
        }
    }

    /** Waits for every pending write; the first that failed is thrown. */
    private void awaitWrites() throws IOException {
        try {
            for (CompletableFuture<Void> write : pendingWrites.values()) {
                try {
                    write.join();
                } catch (CompletionException e) {
                    awaitWritesQuietly();
                    if (e.getCause() instanceof UncheckedIOException io) {
                        throw io.getCause();
                    }
                    if (e.getCause() instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new IOException(e.getCause());
                }
            }
        } finally {
            pendingWrites.clear();
        }
    }

    /** Waits for every pending write, ignoring failures (the extraction failed already). */
    private void awaitWritesQuietly() {
        for (CompletableFuture<Void> write : pendingWrites.values()) {
            try {
                write.join();
            } catch (CompletionException | CancellationException ignored) {
                // the first failure is what the caller reports
            }
        }
        pendingWrites.clear();
    }

    private Path checkedTarget(String path) {
        if (path.startsWith("/") || path.contains("\0") || hasDotDot(path)) {
            throw new RestoreFailure("unsafe-entry", path + " is absolute or contains '..'");
        }
        Path target = root.resolve(path).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            throw new RestoreFailure("unsafe-entry", path + " resolves outside the destination");
        }
        return target;
    }

    private void checkParents(String path, Path target) {
        for (Path parent = target.getParent(); parent != null && !parent.equals(root); parent = parent.getParent()) {
            if (knownDirectories.contains(parent)) {
                // made or checked by an earlier entry, with its parents; a link replacing it would have removed it
                break;
            }
            if (Files.isSymbolicLink(parent)) {
                throw new RestoreFailure("unsafe-entry", path + " would be written through the symbolic link "
                        + root.relativize(parent));
            }
        }
    }

    private static boolean hasDotDot(String path) {
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Creates {@code target} for writing. Paths are new in a staging directory, so the create comes first and
     * whatever is in the way (an entry seen again, a link) is only looked at when it fails.
     */
    private static FileChannel create(Path target) throws IOException {
        try {
            return FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
        } catch (FileAlreadyExistsException e) {
            replace(target);
            return FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
        }
    }

    private static void replace(Path target) throws IOException {
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            deleteTree(target);
        } else {
            Files.deleteIfExists(target);
        }
    }

    private static void setTime(Path target, FileTime mtime) throws IOException {
        if (mtime != null) {
            // an access time too (now, as creating the file set it): leaving it out costs a stat per file
            Files.getFileAttributeView(target, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(mtime, FileTime.from(Instant.now()), null);
        }
    }

    /** Applies directory modes and mtimes, deepest first, so writing their contents did not change them. */
    public void finish() throws IOException {
        List<DirectoryAttributes> dirs = new ArrayList<>(directories.values());
        dirs.sort(Comparator.comparingInt((DirectoryAttributes d) -> d.path().getNameCount()).reversed());
        for (DirectoryAttributes dir : dirs) {
            Files.setPosixFilePermissions(dir.path(), permissions(dir.mode()));
            setTime(dir.path(), dir.mtime());
        }
    }

    /** Every extracted path (normalised) with its type and size, in archive order; later streams replace. */
    public Map<String, Extracted> extracted() {
        return extracted;
    }

    /** File bytes written. */
    public long bytes() {
        return bytes;
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> result = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {
                PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                result.add(bits[i]);
            }
        }
        return result;
    }

    /** Deletes a tree without following symbolic links. */
    public static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (var children = Files.list(path)) {
                for (Path child : (Iterable<Path>) children::iterator) {
                    deleteTree(child);
                }
            }
        }
        Files.delete(path);
    }
}
