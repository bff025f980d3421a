package io.backstream.restore.domain;

import io.backstream.schema.FrameCodec;
import io.backstream.schema.manifest.BackupManifest;
import io.backstream.storage.Checksums;
import io.backstream.storage.ObjectStorage;
import io.backstream.storage.StorageException;

import java.io.ByteArrayInputStream;
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
 * ranged GETs at most {@code window} ahead of the reader; every chunk's size and SHA-256 are checked against the
 * manifest before any of its bytes are returned. When the run covers the whole archive, the archive's size and
 * SHA-256 are checked after its last byte, before {@code -1} is returned. Failures surface from {@link #read} as
 * {@link RestoreFailure}.
 *
 * <p>No chunk decompresses past what the manifest declares: a chunk with a raw size gives exactly that many bytes,
 * and the run never goes past the archive's raw size ({@code raw-size-exceeded} otherwise: a decompression bomb).
 * A chunk whose raw size is declared and at most {@link #IN_MEMORY_RAW_MAX} is decompressed on {@code pool}; any
 * other is decompressed as the reader reads it, so memory stays bounded whatever a chunk inflates to.
 */
public final class ChunkStream extends InputStream {

    /** A checked chunk: its raw bytes when decompressed on the pool, else its frames to decompress on reading. */
    private record Fetched(byte[] compressed, long storedSize, byte[] raw) {
    }

    /** Bytes of fetched chunks held at once, stored and decompressed; at least one chunk is always fetched. */
    private static final long IN_FLIGHT_BUDGET = 96L * 1024 * 1024;
    /** Chunks declaring more raw bytes than this are decompressed while read, not held in memory. */
    static final long IN_MEMORY_RAW_MAX = 64L * 1024 * 1024;

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
    private final ArrayDeque<BackupManifest.Chunk> pendingChunks = new ArrayDeque<>();
    private final ArrayDeque<Long> pendingCosts = new ArrayDeque<>();
    private long inFlightBytes;
    private int nextToSubmit;
    /** Raw offset in the archive of the next byte read; bounded by the manifest's raw size. */
    private long rawPosition;
    private RawChunk current;
    private final byte[] oneByte = new byte[1];
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
        Long firstRawOffset = from < chunks.size() ? chunks.get(from).rawOffset() : null;
        this.rawPosition = from == 0 || firstRawOffset == null ? 0 : firstRawOffset;
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
            pendingChunks.add(chunk);
            pending.add(pool.submit(() -> fetch(chunk)));
        }
    }

    private static long cost(BackupManifest.Chunk chunk) {
        return chunk.size() + (decompressedOnPool(chunk) ? chunk.rawSize() : 0);
    }

    private static boolean decompressedOnPool(BackupManifest.Chunk chunk) {
        return chunk.rawSize() != null && chunk.rawSize() >= 0 && chunk.rawSize() <= IN_MEMORY_RAW_MAX;
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
        if (!decompressedOnPool(chunk)) {
            return new Fetched(bytes, bytes.length, null);
        }
        byte[] raw = new byte[chunk.rawSize().intValue()];
        try (RawChunk frames = decompressing(chunk, bytes, raw.length, true)) {
            if (frames.readNBytes(raw, 0, raw.length) != raw.length || frames.read() != -1) {
                throw new RestoreFailure("checksum-mismatch", "chunk " + chunk.sequence() + " of " + key
                        + " decompresses to fewer than the " + raw.length + " bytes the manifest says");
            }
        }
        return new Fetched(archiveDigest == null ? null : bytes, bytes.length, raw);
    }

    /** The raw bytes of a chunk's frames, refused past {@code limit} (the chunk's own when {@code chunkLimit}). */
    private RawChunk decompressing(BackupManifest.Chunk chunk, byte[] frames, long limit, boolean chunkLimit) {
        try {
            return new RawChunk(chunk, FrameCodec.decompressing(manifest.compression(), new ByteArrayInputStream(frames)),
                    limit, chunkLimit);
        } catch (IOException e) {
            throw corrupt(chunk, e);
        }
    }

    private RestoreFailure corrupt(BackupManifest.Chunk chunk, IOException e) {
        return new RestoreFailure("corrupt-archive", "chunk " + chunk.sequence() + " of " + key
                + " does not decompress: " + e.getMessage(), e);
    }

    /** Makes the next chunk current; false at the end of the run, once the archive is checked. */
    private boolean nextChunk() throws IOException {
        Future<Fetched> next = pending.poll();
        if (next == null) {
            if (!finished) {
                finished = true;
                checkArchive();
            }
            return false;
        }
        inFlightBytes -= pendingCosts.remove();
        BackupManifest.Chunk chunk = pendingChunks.remove();
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
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new RestoreFailure("storage-error", "reading " + key + ": " + e.getCause().getMessage(), e.getCause());
        }
        if (archiveDigest != null) {
            awaitDigest();
            byte[] compressed = fetched.compressed();
            digested = digester.submit(() -> archiveDigest.update(compressed));
        }
        onChunk.accept(fetched.storedSize());
        long limit = archiveRawLeft();
        if (fetched.raw() != null) {
            if (fetched.raw().length > limit) {
                throw beyondArchive(chunk);
            }
            current = new RawChunk(chunk, new ByteArrayInputStream(fetched.raw()), limit, false);
        } else {
            long declared = chunk.rawSize() == null ? Long.MAX_VALUE : chunk.rawSize();
            current = decompressing(chunk, fetched.compressed(), Math.min(declared, limit), declared <= limit);
            current.expectExactly(chunk.rawSize());
        }
        fill();
        return true;
    }

    /** Raw bytes the archive has left by its manifest; unbounded when the manifest does not say. */
    private long archiveRawLeft() {
        return manifest.rawBytes() == null ? Long.MAX_VALUE : Math.max(0, manifest.rawBytes() - rawPosition);
    }

    private RestoreFailure beyondArchive(BackupManifest.Chunk chunk) {
        return new RestoreFailure("raw-size-exceeded", "chunk " + chunk.sequence() + " of " + key
                + " decompresses past the " + manifest.rawBytes() + " raw bytes the manifest declares for the archive");
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
        return read(oneByte, 0, 1) < 0 ? -1 : oneByte[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (current != null || nextChunk()) {
            int n = current.read(buffer, offset, length);
            if (n < 0) {
                current = null;
            } else if (n > 0) {
                rawPosition += n;
                return n;
            }
        }
        return -1;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = 0;
        while (skipped < n && (current != null || nextChunk())) {
            long step = current.skipOrEnd(n - skipped);
            if (step < 0) {
                current = null;
            } else {
                rawPosition += step;
                skipped += step;
            }
        }
        return skipped;
    }

    /** Drains the rest so every chunk (and the whole archive, if covered) is checked. */
    public void drain() throws IOException {
        skip(Long.MAX_VALUE);
    }

    @Override
    public void close() {
        pending.forEach(future -> future.cancel(true));
        pending.clear();
        pendingChunks.clear();
        if (digester != null) {
            digester.shutdownNow();
        }
    }

    /**
     * One chunk's raw bytes, refused ({@code raw-size-exceeded}) as soon as they pass {@code limit}; when the
     * manifest declares the chunk's raw size, ending short of it is refused too ({@code checksum-mismatch}).
     */
    private final class RawChunk extends InputStream {
        private final BackupManifest.Chunk chunk;
        private final InputStream source;
        private final long limit;
        private final boolean chunkLimit;
        private final byte[] one = new byte[1];
        private Long exactly;
        private long count;

        RawChunk(BackupManifest.Chunk chunk, InputStream source, long limit, boolean chunkLimit) {
            this.chunk = chunk;
            this.source = source;
            this.limit = limit;
            this.chunkLimit = chunkLimit;
        }

        void expectExactly(Long size) {
            exactly = size;
        }

        @Override
        public int read() throws IOException {
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            // one byte past the limit is read, to tell a chunk that ends there from one that goes on
            int n;
            try {
                n = source.read(buffer, offset, (int) allowance(length));
            } catch (IOException e) {
                throw corrupt(chunk, e);
            }
            if (n < 0) {
                ended();
                return -1;
            }
            count += n;
            checkLimit();
            return n;
        }

        /** Skips up to {@code n} bytes; {@code -1} at the end of the chunk. */
        long skipOrEnd(long n) throws IOException {
            long skipped;
            try {
                skipped = source.skip(allowance(n));
            } catch (IOException e) {
                throw corrupt(chunk, e);
            }
            if (skipped > 0) {
                count += skipped;
                checkLimit();
                return skipped;
            }
            return read() < 0 ? -1 : 1;
        }

        /** Of {@code wanted} bytes, how many to ask the source for: one past the limit at most, to notice it. */
        private long allowance(long wanted) {
            long room = limit - count;
            return room >= wanted ? wanted : room + 1;
        }

        private void checkLimit() {
            if (count > limit) {
                throw chunkLimit ? new RestoreFailure("raw-size-exceeded", "chunk " + chunk.sequence() + " of " + key
                        + " decompresses to more than the " + limit + " raw bytes the manifest declares for it")
                        : beyondArchive(chunk);
            }
        }

        private void ended() {
            if (exactly != null && count != exactly) {
                throw new RestoreFailure("checksum-mismatch", "chunk " + chunk.sequence() + " of " + key
                        + " decompresses to " + count + " bytes, the manifest says " + exactly);
            }
        }

        @Override
        public void close() throws IOException {
            source.close();
        }
    }
}
