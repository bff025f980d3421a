package io.backstream.worker.domain;

import io.backstream.schema.FrameCodec;
import io.backstream.schema.manifest.BackupManifest.FileEntry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Turns the uncompressed tar stream written to it into chunks: it cuts the stream into frames of
 * {@code frameSize} raw bytes, compresses them on {@code pool} (in parallel, at most
 * {@code maxFramesInFlight} at a time), and groups whole compressed frames, in order, into chunks
 * of at least {@code chunkSize} bytes; only the last chunk may be smaller. Memory stays bounded by
 * the frames in flight plus one chunk, whatever the size of the data.
 *
 * <p>Tar entries announced with {@link #entryStarts} are attached to the chunk whose frames hold
 * their first header byte. Not thread-safe: one writer thread.
 */
public final class FramedChunker extends OutputStream {

    /** One chunk, ready to send. {@code files} carry their chunk sequence and raw offset. */
    public record Chunk(long sequence, long offset, byte[] bytes, String sha256, long rawOffset, long rawSize,
                        boolean last, List<FileEntry> files) {
    }

    /** Receives the chunks in order, on the writer thread; may block to apply back-pressure. */
    @FunctionalInterface
    public interface ChunkSink {
        void accept(Chunk chunk) throws IOException;
    }

    private record Frame(long rawOffset, int rawSize, byte[] compressed) {
    }

    private final FrameCodec codec;
    private final int frameSize;
    private final int chunkSize;
    private final ExecutorService pool;
    private final int maxFramesInFlight;
    private final ChunkSink sink;

    private final Deque<Future<Frame>> inFlight = new ArrayDeque<>();
    private final Deque<FileEntry> pendingEntries = new ArrayDeque<>();
    private final ByteArrayOutputStream chunk;
    private final MessageDigest archiveDigest = sha256();

    private byte[] frame;
    private int frameFill;
    private long rawPosition;
    private long chunkRawOffset = -1;
    private long chunkRawEnd;
    private long sequence;
    private long storedBytes;
    private boolean closed;

    public FramedChunker(FrameCodec codec, int frameSize, int chunkSize, ExecutorService pool, int maxFramesInFlight,
                         ChunkSink sink) {
        if (frameSize <= 0 || chunkSize <= 0 || maxFramesInFlight <= 0) {
            throw new IllegalArgumentException("frame size, chunk size and frames in flight must be positive");
        }
        this.codec = codec;
        this.frameSize = frameSize;
        this.chunkSize = chunkSize;
        this.pool = pool;
        this.maxFramesInFlight = maxFramesInFlight;
        this.sink = sink;
        // room for the largest chunk (just under the minimum plus one incompressible frame), so it never regrows
        this.chunk = new ByteArrayOutputStream(chunkSize + frameSize + frameSize / 64 + 1024);
        this.frame = new byte[frameSize];
    }

    /** Raw (uncompressed) bytes written so far: the raw offset the next written byte will have. */
    public long rawPosition() {
        return rawPosition;
    }

    /** Announces a tar entry whose first header byte is at {@code entry.rawOffset()}; offsets must not decrease. */
    public void entryStarts(FileEntry entry) {
        pendingEntries.add(entry);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException("chunker is closed");
        }
        while (length > 0) {
            int n = Math.min(length, frameSize - frameFill);
            System.arraycopy(bytes, offset, frame, frameFill, n);
            frameFill += n;
            offset += n;
            length -= n;
            rawPosition += n;
            if (frameFill == frameSize) {
                submitFrame();
            }
        }
    }

    /** Compresses what is left, sends the last chunk and waits for it. Idempotent. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (frameFill > 0) {
            submitFrame();
        }
        while (!inFlight.isEmpty()) {
            appendFrame(awaitOldest());
        }
        emitChunk(true);
    }

    /** Stops compression of frames in flight after a failure; the chunker is unusable afterwards. */
    public void abort() {
        closed = true;
        inFlight.forEach(future -> future.cancel(true));
        inFlight.clear();
    }

    /** Number of chunks sent. */
    public long chunkCount() {
        return sequence;
    }

    /** Compressed bytes sent: the archive size. */
    public long storedBytes() {
        return storedBytes;
    }

    /** Lower-case hex SHA-256 of the whole archive; valid after {@link #close()}. */
    public String archiveSha256() {
        return HexFormat.of().formatHex(archiveDigest.digest());
    }

    private void submitFrame() throws IOException {
        byte[] raw = frame;
        int size = frameFill;
        long offset = rawPosition - size;
        inFlight.add(pool.submit(() -> new Frame(offset, size, codec.compress(raw, size))));
        frame = new byte[frameSize];
        frameFill = 0;
        if (inFlight.size() >= maxFramesInFlight) {
            appendFrame(awaitOldest());
        }
    }

    private Frame awaitOldest() throws IOException {
        Future<Frame> oldest = inFlight.removeFirst();
        try {
            return oldest.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort();
            throw new InterruptedIOException("interrupted while compressing");
        } catch (ExecutionException e) {
            abort();
            throw new IOException("compression failed: " + e.getCause(), e.getCause());
        }
    }

    private void appendFrame(Frame compressed) throws IOException {
        // a chunk that already reached the minimum goes out before the next frame starts a new one
        if (chunk.size() >= chunkSize) {
            emitChunk(false);
        }
        if (chunkRawOffset < 0) {
            chunkRawOffset = compressed.rawOffset();
        }
        chunkRawEnd = compressed.rawOffset() + compressed.rawSize();
        chunk.write(compressed.compressed(), 0, compressed.compressed().length);
    }

    private void emitChunk(boolean last) throws IOException {
        byte[] bytes = chunk.toByteArray();
        chunk.reset();
        long rawOffset = Math.max(chunkRawOffset, 0);
        long rawEnd = last ? rawPosition : chunkRawEnd;
        List<FileEntry> files = new ArrayList<>();
        while (!pendingEntries.isEmpty() && (last || pendingEntries.peekFirst().rawOffset() < rawEnd)) {
            FileEntry entry = pendingEntries.removeFirst();
            files.add(new FileEntry(entry.path(), entry.type(), entry.size(), entry.mode(), entry.mtime(), sequence,
                    entry.rawOffset(), entry.linkTarget()));
        }
        archiveDigest.update(bytes);
        Chunk out = new Chunk(sequence, storedBytes, bytes, HexFormat.of().formatHex(sha256().digest(bytes)),
                rawOffset, rawEnd - rawOffset, last, files);
        sequence++;
        storedBytes += bytes.length;
        chunkRawOffset = -1;
        sink.accept(out);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
