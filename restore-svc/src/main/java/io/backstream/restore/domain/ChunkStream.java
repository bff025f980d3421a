package io.backstream.restore.domain;

import io.backstream.schema.FrameCodec;
import io.backstream.schema.FrameRejectedException;
import io.backstream.schema.manifest.BackupManifest;
import io.backstream.storage.Checksums;
import io.backstream.storage.ObjectStorage;
import io.backstream.storage.StorageException;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;

/**
 * The uncompressed bytes of a run of consecutive chunks of one archive, in order. Chunks are fetched with
 * ranged GETs and decompressed on {@code pool}, at most {@code window} ahead of the reader; every chunk's size
 * and SHA-256 are checked against the manifest before any of its bytes are returned. When the run covers the
 * whole archive, the archive's size and SHA-256 are checked after its last byte, before {@code -1} is returned.
 * Failures surface from {@link #read} as {@link RestoreFailure}.
 */
public final class ChunkStream extends InputStream {

    private record Fetched(byte[] compressed, long storedSize, byte[] raw) {
    }

    /** Bytes of fetched chunks held at once, stored and decompressed; at least one chunk is always fetched. */
    private static final long IN_FLIGHT_BUDGET = 96L * 1024 * 1024;

    private final ObjectStorage storage;
    private final String key;
    private final BackupManifest manifest;
    private final List<BackupManifest.Chunk> chunks;
    private final int last;
    private final ExecutorService pool;
    private final int window;
    private final LongConsumer onChunk;
    private final MessageDigest archiveDigest;
    /** Hashes the archive in order beside the reader, one chunk behind it at most; null without a digest. */
    private final ExecutorService digester;
    private Future<?> digested;
    private final ArrayDeque<Future<Fetched>> pending = new ArrayDeque<>();
    private final ArrayDeque<Long> pendingCosts = new ArrayDeque<>();
    private long inFlightBytes;
    private int nextToSubmit;
    private byte[] current = new byte[0];
    private int position;
    private boolean finished;

    /**
     * @param from    index of the first chunk in {@code manifest.chunks()}
     * @param to      index of the last chunk, inclusive
     * @param onChunk told the stored size of each chunk once the reader reaches it (progress)
     */
    public ChunkStream(ObjectStorage storage, String key, BackupManifest manifest, int from, int to,
                       ExecutorService pool, int window, LongConsumer onChunk) {
        this.storage = storage;
        this.key = key;
        this.manifest = manifest;
        this.chunks = manifest.chunks();
        this.last = to;
        this.pool = pool;
        this.window = Math.max(1, window);
        this.onChunk = onChunk;
        this.nextToSubmit = from;
        this.archiveDigest = from == 0 && to == chunks.size() - 1 ? Checksums.sha256() : null;
        this.digester = archiveDigest == null ? null : Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "archive-digest");
            thread.setDaemon(true);
            return thread;
        });
        fill();
    }

    /**
     * Keeps up to {@code window} chunks in flight, but no more than {@link #IN_FLIGHT_BUDGET} bytes of
     * them (stored plus decompressed), so memory stays flat however well the data compresses.
     */
    private void fill() {
        while (pending.size() < window && nextToSubmit <= last) {
            BackupManifest.Chunk chunk = chunks.get(nextToSubmit);
            long cost = cost(chunk);
            if (!pending.isEmpty() && inFlightBytes + cost > IN_FLIGHT_BUDGET) {
                return;
            }
            nextToSubmit++;
            inFlightBytes += cost;
            pendingCosts.add(cost);
            pending.add(pool.submit(() -> fetch(chunk)));
        }
    }

    private static long cost(BackupManifest.Chunk chunk) {
        return chunk.size() + (chunk.rawSize() == null ? chunk.size() * 4 : chunk.rawSize());
    }

    private Fetched fetch(BackupManifest.Chunk chunk) throws IOException {
        // read straight into one array of the size the manifest gives: no growing buffer and no copy of it
        if (chunk.size() < 0 || chunk.size() > Integer.MAX_VALUE - 8) {
            throw new RestoreFailure("checksum-mismatch", "chunk " + chunk.sequence() + " of " + key + ": the manifest"
                    + " says " + chunk.size() + " bytes, which no chunk can have");
        }
        byte[] bytes = new byte[(int) chunk.size()];
        int read;
        try (InputStream in = storage.read(key, chunk.offset(), chunk.size())) {
            read = in.readNBytes(bytes, 0, bytes.length);
        } catch (StorageException e) {
            throw new RestoreFailure("storage-error", e.getMessage(), e);
        }
        if (read != bytes.length) {
            throw new RestoreFailure("checksum-mismatch", "chunk " + chunk.sequence() + " of " + key + " has "
                    + read + " bytes, the manifest says " + chunk.size() + " (truncated object?)");
        }
        String actual = Checksums.sha256Hex(bytes);
        if (!actual.equalsIgnoreCase(chunk.sha256())) {
            throw new RestoreFailure("checksum-mismatch", "chunk " + chunk.sequence() + " of " + key
                    + " has SHA-256 " + actual + ", the manifest says " + chunk.sha256());
        }
        byte[] raw = decompress(chunk, bytes);
        return new Fetched(archiveDigest == null ? null : bytes, bytes.length, raw);
    }

    private byte[] decompress(BackupManifest.Chunk chunk, byte[] bytes) {
        // each chunk is whole frames, so it decompresses on its own
        try {
            return FrameCodec.decompress(manifest.compression(), bytes, chunk.rawSize());
        } catch (FrameRejectedException e) {
            String code = e.reason() == FrameRejectedException.Reason.WRONG_SIZE ? "checksum-mismatch"
                    : "corrupt-archive";
            throw new RestoreFailure(code, "chunk " + chunk.sequence() + " of " + key + " " + e.getMessage(), e);
        }
    }

    private boolean advance() throws IOException {
        while (position >= current.length) {
            Future<Fetched> next = pending.poll();
            if (next != null) {
                inFlightBytes -= pendingCosts.remove();
            }
            if (next == null) {
                if (!finished) {
                    finished = true;
                    checkArchive();
                }
                return false;
            }
            Fetched fetched;
            try {
                fetched = next.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while fetching " + key, e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new RestoreFailure("storage-error", "reading " + key + ": " + e.getCause().getMessage(), e.getCause());
            }
            if (archiveDigest != null) {
                awaitDigest();
                byte[] compressed = fetched.compressed();
                digested = digester.submit(() -> archiveDigest.update(compressed));
            }
            onChunk.accept(fetched.storedSize());
            current = fetched.raw();
            position = 0;
            fill();
        }
        return true;
    }

    private void checkArchive() throws IOException {
        if (archiveDigest == null) {
            return;
        }
        awaitDigest();
        String actual = HexFormat.of().formatHex(archiveDigest.digest());
        if (!actual.equalsIgnoreCase(manifest.archiveSha256())) {
            throw new RestoreFailure("checksum-mismatch", "archive " + key + " has SHA-256 " + actual
                    + ", the manifest says " + manifest.archiveSha256());
        }
    }

    private void awaitDigest() throws IOException {
        if (digested == null) {
            return;
        }
        try {
            digested.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while hashing " + key, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("hashing " + key + " failed", e.getCause());
        }
    }

    @Override
    public int read() throws IOException {
        if (!advance()) {
            return -1;
        }
        return current[position++] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!advance()) {
            return -1;
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current, position, buffer, offset, n);
        position += n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = 0;
        while (skipped < n && advance()) {
            int step = (int) Math.min(n - skipped, current.length - position);
            position += step;
            skipped += step;
        }
        return skipped;
    }

    /** Drains the rest so every chunk (and the whole archive, if covered) is checked. */
    public void drain() throws IOException {
        while (advance()) {
            position = current.length;
        }
    }

    @Override
    public void close() {
        pending.forEach(future -> future.cancel(true));
        pending.clear();
        if (digester != null) {
            digester.shutdownNow();
        }
    }
}
