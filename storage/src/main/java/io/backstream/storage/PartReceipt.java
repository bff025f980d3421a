package io.backstream.storage;

/**
 * Proof that a part is durable in the backend.
 *
 * @param partNumber 1-based position of the part in the object
 * @param size       bytes in the part
 * @param sha256Hex  lower-case hex SHA-256 of the part's bytes, or {@code null} when the backend
 *                   does not report it (S3 servers without additional checksums)
 * @param etag       the backend's tag for the part (S3 needs it to complete), may be {@code null}
 */
public record PartReceipt(int partNumber, long size, String sha256Hex, String etag) {

    public PartReceipt {
        if (partNumber < 1) {
            throw new IllegalArgumentException("partNumber starts at 1, was " + partNumber);
        }
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, was " + size);
        }
    }
}
