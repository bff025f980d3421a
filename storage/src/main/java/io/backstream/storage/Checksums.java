package io.backstream.storage;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers used to verify parts before they are stored. */
public final class Checksums {

    private Checksums() {
    }

    /** A fresh SHA-256 digest. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Lower-case hex SHA-256 of the buffer's remaining bytes; the buffer's position is unchanged. */
    public static String sha256Hex(ByteBuffer data) {
        MessageDigest digest = sha256();
        digest.update(data.duplicate());
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Lower-case hex SHA-256 of {@code data}. */
    public static String sha256Hex(byte[] data) {
        return sha256Hex(ByteBuffer.wrap(data));
    }

    /**
     * Throws {@link StorageException.Kind#INTEGRITY} unless {@code data} hashes to {@code expectedHex};
     * returns the hex digest.
     */
    public static String verify(String operation, String key, ByteBuffer data, String expectedHex) {
        String actual = sha256Hex(data);
        if (expectedHex == null || !actual.equalsIgnoreCase(expectedHex)) {
            throw new StorageException(StorageException.Kind.INTEGRITY, operation, key,
                    "SHA-256 of the part is " + actual + " but the caller sent " + expectedHex);
        }
        return actual;
    }
}
