package io.backstream.worker.domain;

import com.github.luben.zstd.Zstd;
import io.backstream.schema.Compression;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/**
 * Compresses one frame into a self-contained unit: a zstd frame or a gzip member. Concatenated
 * frames are a valid {@code .zst} / {@code .gz} stream, which is what lets frames be compressed
 * in parallel and chunks be cut at frame boundaries.
 */
@FunctionalInterface
public interface FrameCodec {

    /** Compresses the first {@code length} bytes of {@code raw}. Thread-safe. */
    byte[] compress(byte[] raw, int length);

    /** The codec for {@code compression} at {@code level} (zstd 1-22, gzip 1-9). */
    static FrameCodec of(Compression compression, int level) {
        return switch (compression) {
            case ZSTD -> (raw, length) -> {
                byte[] dst = new byte[(int) Zstd.compressBound(length)];
                long written = Zstd.compressByteArray(dst, 0, dst.length, raw, 0, length, level);
                if (Zstd.isError(written)) {
                    throw new IllegalStateException("zstd compression failed: " + Zstd.getErrorName(written));
                }
                return java.util.Arrays.copyOf(dst, (int) written);
            };
            case GZIP -> (raw, length) -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream(length / 2 + 64);
                try (GZIPOutputStream gzip = new LeveledGzip(out, level)) {
                    gzip.write(raw, 0, length);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return out.toByteArray();
            };
        };
    }

    /** The valid levels of {@code compression}, for configuration checks. */
    static boolean validLevel(Compression compression, int level) {
        return switch (compression) {
            case ZSTD -> level >= 1 && level <= Zstd.maxCompressionLevel();
            case GZIP -> level >= 1 && level <= 9;
        };
    }

    /** GZIPOutputStream exposes its deflater only to subclasses. */
    final class LeveledGzip extends GZIPOutputStream {
        LeveledGzip(ByteArrayOutputStream out, int level) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(level);
        }
    }
}
