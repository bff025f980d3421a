package io.backstream.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Frames the worker writes decompress back exactly, alone or concatenated; anything else is rejected. */
class FrameCodecTest {

    private static final byte[] FRAME_1 = "backstream frame 1: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FRAME_2 = "backstream frame 2: the second frame, on its own\n"
            .getBytes(StandardCharsets.US_ASCII);

    /** FRAME_1 and FRAME_2 as the worker compressed them before the codec moved here (zstd 3, gzip 6). */
    private static final String ZSTD_1 = "28b52ffd203de50000b06261636b73747265616d206672616d6520313a20610a0100958009";
    private static final String ZSTD_2 = "28b52ffd20318901006261636b73747265616d206672616d6520323a20746865207365636f"
            + "6e64206672616d652c206f6e20697473206f776e0a";
    private static final String GZIP_1 = "1f8b08000000000000ff4b4a4cce2e2e294a4dcc55482b4acc4d5530b452482412700100fe01"
            + "73f73d000000";
    private static final String GZIP_2 = "1f8b08000000000000ff4b4a4cce2e2e294a4dcc55482b4acc4d5530b25228c94855284e4dce"
            + "cf4b8188e928e4e7296496142be497e7710100859ef33831000000";

    @Test
    void archivesWrittenBeforeTheCodecMovedStillDecompress() throws Exception {
        byte[] raw = concat(FRAME_1, FRAME_2);
        assertArrayEquals(raw, FrameCodec.decompress(Compression.ZSTD, hex(ZSTD_1 + ZSTD_2), (long) raw.length));
        assertArrayEquals(raw, FrameCodec.decompress(Compression.GZIP, hex(GZIP_1 + GZIP_2), (long) raw.length));
        assertArrayEquals(FRAME_2, FrameCodec.decompress(Compression.ZSTD, hex(ZSTD_2), null));
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void concatenatedFramesRoundTripAndEachDecompressesAlone(Compression compression) throws Exception {
        byte[] raw = new byte[200_000];
        new Random(13).nextBytes(raw);
        Arrays.fill(raw, 50_000, 150_000, (byte) 'x');
        FrameCodec codec = FrameCodec.of(compression, compression == Compression.ZSTD ? 3 : 6);
        byte[] buffer = Arrays.copyOfRange(raw, 120_000, raw.length);
        byte[] second = codec.compress(buffer, raw.length - 120_000);
        byte[] first = codec.compress(raw, 120_000);

        assertArrayEquals(raw, FrameCodec.decompress(compression, concat(first, second), (long) raw.length));
        assertArrayEquals(Arrays.copyOfRange(raw, 120_000, raw.length),
                FrameCodec.decompress(compression, second, null), "a frame decompresses without the ones before it");
        assertTrue(first.length < 120_000, "the repeated bytes compress");
    }

    @Test
    void compressUsesOnlyTheGivenLength() throws Exception {
        byte[] buffer = concat(FRAME_1, FRAME_2);
        byte[] frame = FrameCodec.of(Compression.ZSTD, 3).compress(buffer, FRAME_1.length);
        assertArrayEquals(FRAME_1, FrameCodec.decompress(Compression.ZSTD, frame, null));
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void framesHoldingFewerOrMoreBytesThanExpectedAreTheWrongSize(Compression compression) {
        byte[] frames = FrameCodec.of(compression, 1).compress(FRAME_1, FRAME_1.length);
        for (long expected : new long[] {FRAME_1.length - 1, FRAME_1.length + 1}) {
            FrameRejectedException rejected = assertThrows(FrameRejectedException.class,
                    () -> FrameCodec.decompress(compression, frames, expected));
            assertEquals(FrameRejectedException.Reason.WRONG_SIZE, rejected.reason());
            assertTrue(rejected.getMessage().contains(expected + " bytes"), rejected.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void truncatedGarbledOrTrailedFramesAreCorrupt(Compression compression) {
        byte[] frames = FrameCodec.of(compression, 3).compress(FRAME_1, FRAME_1.length);
        byte[] truncated = Arrays.copyOf(frames, frames.length - 3);
        byte[] garbled = frames.clone();
        garbled[0] ^= 0x55;
        byte[] trailed = concat(frames, "not a frame".getBytes(StandardCharsets.US_ASCII));
        for (byte[] bad : new byte[][] {truncated, garbled, trailed}) {
            for (Long expected : new Long[] {(long) FRAME_1.length, null}) {
                FrameRejectedException rejected = assertThrows(FrameRejectedException.class,
                        () -> FrameCodec.decompress(compression, bad, expected));
                assertEquals(FrameRejectedException.Reason.CORRUPT, rejected.reason(), rejected.getMessage());
                assertTrue(rejected.getMessage().startsWith("does not decompress"), rejected.getMessage());
            }
        }
    }

    @Test
    void levelsAreCheckedPerCompression() {
        assertTrue(FrameCodec.validLevel(Compression.ZSTD, 22));
        assertFalse(FrameCodec.validLevel(Compression.ZSTD, 0));
        assertTrue(FrameCodec.validLevel(Compression.GZIP, 9));
        assertFalse(FrameCodec.validLevel(Compression.GZIP, 10));
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(first);
        out.writeBytes(second);
        return out.toByteArray();
    }
}
