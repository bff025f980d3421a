package io.backstream.uploader.domain;

import org.bouncycastle.crypto.digests.SHA256Digest;

import java.util.HexFormat;

/**
 * A running SHA-256 whose intermediate state can be saved and restored, so the whole-archive hash of
 * an upload survives a restart of the uploader without reading the parts back.
 */
public final class ResumableSha256 {

    private final SHA256Digest digest;

    /** An empty digest. */
    public ResumableSha256() {
        this.digest = new SHA256Digest();
    }

    private ResumableSha256(SHA256Digest digest) {
        this.digest = digest;
    }

    /** Restores a digest from {@link #state()}. */
    public static ResumableSha256 restore(byte[] state) {
        return new ResumableSha256(new SHA256Digest(state));
    }

    /** Adds {@code bytes}. */
    public void update(byte[] bytes) {
        digest.update(bytes, 0, bytes.length);
    }

    /** The intermediate state, to persist. */
    public byte[] state() {
        return digest.getEncodedState();
    }

    /** Lower-case hex SHA-256 of everything added so far; the digest can keep running. */
    public String hex() {
        SHA256Digest copy = new SHA256Digest(digest);
        byte[] out = new byte[copy.getDigestSize()];
        copy.doFinal(out, 0);
        return HexFormat.of().formatHex(out);
    }
}
