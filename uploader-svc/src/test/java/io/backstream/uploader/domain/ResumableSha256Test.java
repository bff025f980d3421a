package io.backstream.uploader.domain;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ResumableSha256Test {

    private final byte[] first = "first part of the archive ".repeat(1000).getBytes(StandardCharsets.UTF_8);
    private final byte[] second = "second part".getBytes(StandardCharsets.UTF_8);

    @Test
    void aDigestRestoredFromItsStateContinuesWhereItStopped() throws Exception {
        ResumableSha256 before = new ResumableSha256();
        before.update(ByteBuffer.wrap(first));
        byte[] saved = before.state();
        ResumableSha256 after = ResumableSha256.restore(saved);
        after.update(ByteBuffer.wrap(second));

        assertEquals(wholeDigest(), after.hex());
    }

    @Test
    void onlyTheBytesBetweenPositionAndLimitAreAddedFromHeapAndDirectBuffers() throws Exception {
        // a view into a larger array, as a Kafka record's value is a view into its fetch response
        byte[] around = new byte[first.length + 20];
        System.arraycopy(first, 0, around, 7, first.length);
        ByteBuffer view = ByteBuffer.wrap(around, 7, first.length).slice();
        ByteBuffer direct = ByteBuffer.allocateDirect(second.length + 3).put(second).put(new byte[3]).flip().limit(second.length);
        ResumableSha256 digest = new ResumableSha256();

        digest.update(view);
        digest.update(direct);

        assertEquals(wholeDigest(), digest.hex());
        assertEquals(0, view.remaining());
        assertEquals(0, direct.remaining());
    }

    @Test
    void theStateSavedByThePureJavaDigestOfEarlierUploadersIsStillRestored() throws Exception {
        // saved by bcprov-jdk18on 1.78.1's SHA256Digest after `first`
        byte[] saved = HexFormat.of().parseHex("0000000000000000000000000000659082a61861250f15fc213cd63780a985a2"
                + "5107723ec1d6501e1a74535fb72c116100000004206f662074686520617263686976652009");

        ResumableSha256 after = ResumableSha256.restore(saved);
        after.update(ByteBuffer.wrap(second));

        assertEquals(wholeDigest(), after.hex());
    }

    /** SHA-256 of both parts, from the JDK's own digest. */
    private String wholeDigest() throws Exception {
        MessageDigest reference = MessageDigest.getInstance("SHA-256");
        reference.update(first);
        reference.update(second);
        return HexFormat.of().formatHex(reference.digest());
    }

    @Test
    void hexDoesNotEndTheDigest() {
        ResumableSha256 digest = new ResumableSha256();
        digest.update(ByteBuffer.wrap(new byte[]{1, 2, 3}));
        String once = digest.hex();
        assertEquals(once, digest.hex());
    }
}
