package io.backstream.storage.gcs;

import com.google.cloud.BaseServiceException;
import io.backstream.storage.StorageException;
import io.backstream.storage.StorageException.Kind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/** Turns what the GCS client throws into a {@link StorageException} of the right kind. */
final class GcsErrors {

    private GcsErrors() {
    }

    static StorageException translate(String operation, String key, Exception e) {
        if (e instanceof StorageException own) {
            return own;
        }
        Throwable cause = e;
        while (cause != null) {
            if (cause instanceof BaseServiceException service) {
                return fromCode(operation, key, service.getCode(), service.isRetryable(), e);
            }
            if (cause instanceof SocketTimeoutException || cause instanceof SocketException || cause instanceof InterruptedIOException) {
                return new StorageException(Kind.TRANSIENT, operation, key, cause.getClass().getSimpleName(), e);
            }
            cause = cause.getCause();
        }
        if (e instanceof UnsupportedOperationException) {
            return new StorageException(Kind.UNSUPPORTED, operation, key, String.valueOf(e.getMessage()), e);
        }
        if (e instanceof IOException) {
            return new StorageException(Kind.TRANSIENT, operation, key, e.getClass().getSimpleName(), e);
        }
        return new StorageException(Kind.OTHER, operation, key, e.getClass().getSimpleName(), e);
    }

    private static StorageException fromCode(String operation, String key, int code, boolean retryable, Exception e) {
        Kind kind;
        if (code == 404) {
            kind = Kind.NOT_FOUND;
        } else if (code == 401 || code == 403) {
            kind = Kind.ACCESS_DENIED;
        } else if (code == 412 || code == 400 && !retryable) {
            kind = code == 412 ? Kind.INTEGRITY : Kind.INVALID_REQUEST;
        } else if (code == 408 || code == 429 || code >= 500 || retryable) {
            kind = Kind.TRANSIENT;
        } else {
            kind = Kind.OTHER;
        }
        return new StorageException(kind, operation, key, "GCS answered " + code, e);
    }
}
