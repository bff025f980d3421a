package io.backstream.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * How an object is written. Backends apply every option or fail with a
 * {@link StorageException.Kind#UNSUPPORTED} exception; none silently drops one (object lock in
 * particular).
 *
 * @param contentType      MIME type stored with the object
 * @param storageClass     backend storage class name (S3 {@code STANDARD_IA}, GCS {@code NEARLINE}),
 *                         or {@code null} for the bucket default
 * @param encryption       server-side encryption; never {@code null}
 * @param objectLock       write-once retention, or {@code null} for none
 */
public record WriteOptions(String contentType, String storageClass, Encryption encryption, ObjectLock objectLock) {

    /** {@code application/octet-stream}, default storage class, no encryption, no lock. */
    public static final WriteOptions DEFAULT =
            new WriteOptions("application/octet-stream", null, Encryption.NONE, null);

    public WriteOptions {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(encryption, "encryption");
    }

    /** Default options with the given content type. */
    public static WriteOptions ofContentType(String contentType) {
        return DEFAULT.withContentType(contentType);
    }

    public WriteOptions withContentType(String value) {
        return new WriteOptions(value, storageClass, encryption, objectLock);
    }

    public WriteOptions withStorageClass(String value) {
        return new WriteOptions(contentType, value, encryption, objectLock);
    }

    public WriteOptions withEncryption(Encryption value) {
        return new WriteOptions(contentType, storageClass, value, objectLock);
    }

    public WriteOptions withObjectLock(ObjectLock value) {
        return new WriteOptions(contentType, storageClass, encryption, value);
    }

    /** Server-side encryption mode. */
    public enum SseMode {
        NONE,
        /** S3-managed keys, {@code x-amz-server-side-encryption: AES256}. */
        SSE_S3,
        /** KMS-managed keys, {@code aws:kms} with {@link Encryption#kmsKeyId()}. */
        SSE_KMS
    }

    /**
     * Server-side encryption.
     *
     * @param mode     the mode
     * @param kmsKeyId the KMS key id or ARN for {@link SseMode#SSE_KMS}; {@code null} means the
     *                 account's default KMS key
     */
    public record Encryption(SseMode mode, String kmsKeyId) {
        public static final Encryption NONE = new Encryption(SseMode.NONE, null);
        public static final Encryption SSE_S3 = new Encryption(SseMode.SSE_S3, null);

        public Encryption {
            Objects.requireNonNull(mode, "mode");
            if (mode != SseMode.SSE_KMS && kmsKeyId != null) {
                throw new IllegalArgumentException("kmsKeyId only applies to SSE_KMS");
            }
        }

        public static Encryption kms(String kmsKeyId) {
            return new Encryption(SseMode.SSE_KMS, kmsKeyId);
        }
    }

    /** Object-lock retention mode, as in S3. */
    public enum LockMode {
        GOVERNANCE,
        COMPLIANCE
    }

    /**
     * Write-once retention: the object cannot be deleted or overwritten before {@code retainUntil}.
     */
    public record ObjectLock(LockMode mode, Instant retainUntil) {
        public ObjectLock {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(retainUntil, "retainUntil");
        }
    }
}
