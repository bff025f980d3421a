package io.backstream.schema;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/**
 * The frame format of archives: the tar stream is cut into frames, each compressed on its own into a
 * zstd frame or a gzip member, and the frames are concatenated. Concatenated frames are a valid
 * {@code .zst} / {@code .gz} stream, which is what lets the worker compress frames in parallel and cut
 * chunks at frame boundaries, and lets a restore decompress any chunk on its own.
 *
 * <p>Callers need zstd-jni and Commons Compress on their class path (optional dependencies of this
 * module, so services that never touch archive bytes do not carry them).
 */
public final class FrameCodec {

    /** Largest array a JVM reliably allocates; larger raw sizes are read without a pre-sized array. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final Compression compression;
    private final int level;

    private FrameCodec(Compression compression, int level) {
        this.compression = compression;
        this.level = level;
    }

    /** The codec compressing with {@code compression} at {@code level} (zstd 1-22, gzip 1-9). */
    public static FrameCodec of(Compression compression, int level) {
        return new FrameCodec(compression, level);
    }

    /** Whether {@code level} is a valid level of {@code compression}, for configuration checks. */
    public static boolean validLevel(Compression compression, int level) {
        return switch (compression) {
            case ZSTD -> level >= 1 && level <= Zstd.maxCompressionLevel();
            case GZIP -> level >= 1 && level <= 9;
        };
    }

    /** Compresses the first {@code length} bytes of {@code raw} into one self-contained frame. Thread-safe. */
    public byte[] compress(byte[] raw, int length) {
        return switch (compression) {
            case ZSTD -> {
                byte[] dst = new byte[(int) Zstd.compressBound(length)];
                long written = Zstd.compressByteArray(dst, 0, dst.length, raw, 0, length, level);
                if (Zstd.isError(written)) {
                    throw new IllegalStateException("zstd compression failed: " + Zstd.getErrorName(written));
                }
                yield Arrays.copyOf(dst, (int) written);
            }
            case GZIP -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream(length / 2 + 64);
                try (GZIPOutputStream gzip = new LeveledGzip(out, level)) {
                    gzip.write(raw, 0, length);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                yield out.toByteArray();
            }
        };
    }

    /**
     * Decompresses {@code frames}, whole frames of {@code compression} one after the other (a chunk, or a
     * whole archive).
     *
     * @param rawSize the exact number of bytes the frames must decompress to, or {@code null} when unknown
     * @return the raw bytes; exactly {@code rawSize} of them when it is given
     * @throws FrameRejectedException {@link FrameRejectedException.Reason#WRONG_SIZE WRONG_SIZE} when the frames
     *         hold fewer or more than {@code rawSize} bytes, {@link FrameRejectedException.Reason#CORRUPT CORRUPT}
     *         when they are not whole frames of {@code compression} (truncated, garbled, trailing garbage)
     */
    public static byte[] decompress(Compression compression, byte[] frames, Long rawSize)
            throws FrameRejectedException {
        try (InputStream in = decompressing(compression, new ByteArrayInputStream(frames))) {
            if (rawSize == null || rawSize > MAX_ARRAY) {
                byte[] raw = in.readAllBytes();
                if (rawSize != null && raw.length != rawSize) {
                    throw new FrameRejectedException(FrameRejectedException.Reason.WRONG_SIZE,
                            "decompresses to " + raw.length + " bytes, not the " + rawSize + " expected");
                }
                return raw;
            }
            // the size is known: one exact array instead of a growing buffer and its copy
            byte[] raw = new byte[rawSize.intValue()];
            int read = in.readNBytes(raw, 0, raw.length);
            if (read != raw.length || in.read() != -1) {
                throw new FrameRejectedException(FrameRejectedException.Reason.WRONG_SIZE,
                        "does not decompress to the " + raw.length + " bytes expected");
            }
            return raw;
        } catch (IOException e) {
            throw new FrameRejectedException(FrameRejectedException.Reason.CORRUPT,
                    "does not decompress: " + e.getMessage(), e);
        }
    }

    /**
     * The raw bytes of {@code frames}, whole frames of {@code compression} one after the other, as a stream: for
     * callers that bound what they read themselves instead of holding a whole chunk's raw bytes at once.
     */
    public static InputStream decompressing(Compression compression, InputStream frames) throws IOException {
        return compression == Compression.GZIP ? new GzipCompressorInputStream(frames, true)
                : new ZstdInputStream(frames);
    }

    /** GZIPOutputStream exposes its deflater only to subclasses. */
    private static final class LeveledGzip extends GZIPOutputStream {
        LeveledGzip(ByteArrayOutputStream out, int level) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(level);
        }
    }
}
