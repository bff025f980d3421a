package io.backstream.uploader.domain;

import org.bouncycastle.crypto.SavableDigest;
import org.bouncycastle.crypto.digests.SHA256Digest;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * A running SHA-256 whose intermediate state can be saved and restored, so the whole-archive hash of
 * an upload survives a restart of the uploader without reading the parts back. Bouncy Castle's LTS
 * digest runs natively (SHA extensions) where its native library loads, about ten times faster than
 * its pure-Java SHA-256, and in Java elsewhere.
 */
public final class ResumableSha256 {

    private final SavableDigest digest;

    /** An empty digest. */
    public ResumableSha256() {
        this.digest = SHA256Digest.newInstance();
    }

    private ResumableSha256(SavableDigest digest) {
        this.digest = digest;
    }

    /**
     * Restores a digest from {@link #state()}, also from the pure-Java state that uploaders before the
     * native digest saved, so an upload in progress during an upgrade still resumes.
     */
    public static ResumableSha256 restore(byte[] state) {
        try {
            return new ResumableSha256(SHA256Digest.newInstance(state, 0));
        } catch (IllegalArgumentException nativeFormatRejected) {
            return new ResumableSha256(new SHA256Digest(state));
        }
    }

    /** Whether new digests run natively rather than in Java. */
    public static boolean isNative() {
        return !(SHA256Digest.newInstance() instanceof SHA256Digest);
    }

    /** Adds the buffer's bytes from its position to its limit, consuming them. */
    public void update(ByteBuffer bytes) {
        if (bytes.hasArray()) {
            digest.update(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
            bytes.position(bytes.limit());
            return;
        }
        byte[] piece = new byte[Math.min(bytes.remaining(), 64 * 1024)];
        while (bytes.hasRemaining()) {
            int length = Math.min(piece.length, bytes.remaining());
            bytes.get(piece, 0, length);
            digest.update(piece, 0, length);
        }
    }

    /** The intermediate state, to persist. */
    public byte[] state() {
        return digest.getEncodedState();
    }

    /** Lower-case hex SHA-256 of everything added so far; the digest can keep running. */
    public String hex() {
        SavableDigest copy = SHA256Digest.newInstance(digest);
        byte[] out = new byte[copy.getDigestSize()];
        copy.doFinal(out, 0);
        return HexFormat.of().formatHex(out);
    }
}
