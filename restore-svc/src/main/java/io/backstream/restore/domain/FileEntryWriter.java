package io.backstream.restore.domain;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;

/**
 * Writes the contents of regular-file tar entries, with their modes and mtimes, to paths already checked.
 *
 * <p>With a {@code writers} executor, files up to {@link #ASYNC_FILE_MAX} bytes are read from the tar
 * stream into memory and created, written and given their mode and mtime on those threads while the
 * stream moves on: creating many small files is mostly system-call latency. Larger files are created on
 * the calling thread and their contents handed to the writers in {@link #BLOCK} pieces, written in order,
 * so that reading, checking and decompressing the stream overlaps the page-cache writes. At most
 * {@link #WRITE_BUDGET} bytes wait for a writer. Without writers every file is written on the calling thread.
 * A caller that replaces or links to a path waits for the pending writes first ({@link #awaitWrites}).
 */
final class FileEntryWriter {

    /** Files up to this size are written on the writer threads. */
    static final int ASYNC_FILE_MAX = 1024 * 1024;
    /** Bytes of file contents waiting for a writer thread, at most. */
    static final int WRITE_BUDGET = 32 * 1024 * 1024;
    /** Piece of a larger file handed to a writer, and the copy buffer without writers. */
    static final int BLOCK = 1024 * 1024;

    private final Executor writers;
    private final Semaphore budget = new Semaphore(WRITE_BUDGET);
    private final Map<String, CompletableFuture<Void>> pendingWrites = new HashMap<>();
    /** Blocks that writers are done with, for the next pieces. */
    private final Queue<byte[]> freeBlocks = new ConcurrentLinkedQueue<>();
    private byte[] copyBuffer;

    /** @param writers runs the writes, {@code null} to write everything on the calling thread */
    FileEntryWriter(Executor writers) {
        this.writers = writers;
    }

    /**
     * Writes the contents of the regular-file {@code entry} that {@code in} is at to {@code target}, replacing
     * what is there, and gives it {@code mode} and {@code mtime}; on writer threads, the write may still be
     * pending when this returns.
     *
     * @return the file's size
     */
    long write(TarArchiveInputStream in, TarArchiveEntry entry, String path, Path target, int mode, FileTime mtime)
            throws IOException {
        if (writers == null) {
            return copy(in, entry, path, target, mode, mtime);
        }
        if (entry.getSize() <= ASYNC_FILE_MAX) {
            writeLater(in, entry, path, target, mode, mtime);
        } else {
            writeInPieces(in, entry, path, target, mode, mtime);
        }
        return entry.getSize();
    }

    /** Whether a write of {@code path} may still be pending. */
    boolean pending(String path) {
        return pendingWrites.containsKey(path);
    }

    private long copy(TarArchiveInputStream in, TarArchiveEntry entry, String path, Path target, int mode,
                      FileTime mtime) throws IOException {
        long written = 0;
        if (copyBuffer == null) {
            copyBuffer = new byte[BLOCK];
        }
        try (OutputStream out = Channels.newOutputStream(create(target))) {
            for (int n = in.read(copyBuffer); n >= 0; n = in.read(copyBuffer)) {
                out.write(copyBuffer, 0, n);
                written += n;
            }
        }
        if (written != entry.getSize()) {
            throw new RestoreFailure("checksum-mismatch", path + " has " + written + " bytes, its tar header says "
                    + entry.getSize());
        }
        Files.setPosixFilePermissions(target, LocalFiles.permissions(mode));
        LocalFiles.setTime(target, mtime);
        return written;
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
                    Files.setPosixFilePermissions(target, LocalFiles.permissions(mode));
                    LocalFiles.setTime(target, mtime);
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
                Files.setPosixFilePermissions(target, LocalFiles.permissions(mode));
                LocalFiles.setTime(target, mtime);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, writers));
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
    void awaitWrites() throws IOException {
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
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw new IOException(e.getCause());
                }
            }
        } finally {
            pendingWrites.clear();
        }
    }

    /** Waits for every pending write, ignoring failures (the extraction failed already). */
    void awaitWritesQuietly() {
        for (CompletableFuture<Void> write : pendingWrites.values()) {
            try {
                write.join();
            } catch (CompletionException | CancellationException ignored) {
                // the first failure is what the caller reports
            }
        }
        pendingWrites.clear();
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
            LocalFiles.replace(target);
            return FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
        }
    }
}
