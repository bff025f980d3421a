package io.backstream.storage;

import java.util.Objects;

/**
 * The one exception every {@link ObjectStorage} backend throws. Adapters translate SDK and I/O
 * failures into it and decide whether the failure is worth retrying; {@link RetryingObjectStorage}
 * retries only those with {@link #retryable()} {@code true}. Messages name the operation and key,
 * never credentials.
 */
public class StorageException extends RuntimeException {

    /** Why the operation failed, coarse enough for callers to act on. */
    public enum Kind {
        /** The object, bucket or upload does not exist. Permanent. */
        NOT_FOUND(false),
        /** Credentials are missing or not allowed to do this. Permanent. */
        ACCESS_DENIED(false),
        /** A checksum, size or precondition did not match. Permanent. */
        INTEGRITY(false),
        /** The backend cannot honour a requested option (for example object lock). Permanent. */
        UNSUPPORTED(false),
        /** The request itself is invalid (bad key, bad part number). Permanent. */
        INVALID_REQUEST(false),
        /** Server errors, throttling, timeouts, connection resets. Worth retrying. */
        TRANSIENT(true),
        /** Anything else; treated as permanent so unknown failures are not retried blindly. */
        OTHER(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        /** Whether failures of this kind may succeed when tried again. */
        public boolean retryable() {
            return retryable;
        }
    }

    private final Kind kind;
    private final String operation;
    private final String key;

    public StorageException(Kind kind, String operation, String key, String message, Throwable cause) {
        super(operation + " " + key + ": " + message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.operation = operation;
        this.key = key;
    }

    public StorageException(Kind kind, String operation, String key, String message) {
        this(kind, operation, key, message, null);
    }

    /** Why the operation failed. */
    public Kind kind() {
        return kind;
    }

    /** Whether trying the same operation again may succeed. */
    public boolean retryable() {
        return kind.retryable();
    }

    /** The operation that failed, e.g. {@code uploadPart}. */
    public String operation() {
        return operation;
    }

    /** The object key (or prefix) the operation was about. */
    public String key() {
        return key;
    }
}
