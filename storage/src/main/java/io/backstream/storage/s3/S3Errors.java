package io.backstream.storage.s3;

import io.backstream.storage.StorageException;
import io.backstream.storage.StorageException.Kind;
import java.io.IOException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Turns what the S3 SDK throws into a {@link StorageException} of the right kind. */
final class S3Errors {

    private static final Set<String> NOT_FOUND_CODES = Set.of("NoSuchKey", "NoSuchUpload", "NoSuchBucket", "NotFound");
    private static final Set<String> INTEGRITY_CODES = Set.of("BadDigest", "InvalidDigest", "XAmzContentSHA256Mismatch",
            "InvalidPart", "InvalidPartOrder", "EntityTooSmall", "PreconditionFailed", "InvalidChecksum");
    private static final Set<String> TRANSIENT_CODES = Set.of("SlowDown", "Throttling", "ThrottlingException",
            "RequestTimeout", "RequestTimeTooSkewed", "InternalError", "ServiceUnavailable", "RequestLimitExceeded");

    private S3Errors() {
    }

    /**
     * Maps an SDK failure to a Backstream one. Only status, error code and request id go into the
     * message: SDK messages are not echoed, so no signature or credential detail can leak.
     */
    static StorageException translate(String operation, String key, SdkException e) {
        if (e instanceof AwsServiceException service) {
            int status = service.statusCode();
            String code = service.awsErrorDetails() != null ? service.awsErrorDetails().errorCode() : null;
            String message = "S3 answered " + status + (code != null ? " " + code : "")
                    + (service.requestId() != null ? " (request " + service.requestId() + ")" : "");
            return new StorageException(kindOf(service, status, code), operation, key, message, e);
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return new StorageException(Kind.TRANSIENT, operation, key, "request timed out", e);
        }
        if (e instanceof SdkClientException && hasIoCause(e)) {
            return new StorageException(Kind.TRANSIENT, operation, key, "connection failed: " + rootCauseName(e), e);
        }
        return new StorageException(e.retryable() ? Kind.TRANSIENT : Kind.OTHER, operation, key, e.getClass().getSimpleName(), e);
    }

    private static Kind kindOf(AwsServiceException e, int status, String errorCode) {
        // HEAD answers carry no error body, so there may be no code; Set.contains(null) would throw.
        String code = errorCode == null ? "" : errorCode;
        if (e instanceof NoSuchKeyException || status == 404 || NOT_FOUND_CODES.contains(code)) {
            return Kind.NOT_FOUND;
        }
        if (TRANSIENT_CODES.contains(code) || status == 429 || e.isThrottlingException()) {
            return Kind.TRANSIENT;
        }
        if (status == 401 || status == 403) {
            return Kind.ACCESS_DENIED;
        }
        if (status == 412 || INTEGRITY_CODES.contains(code)) {
            return Kind.INTEGRITY;
        }
        if (status == 501 || "NotImplemented".equals(code)) {
            return Kind.UNSUPPORTED;
        }
        if (status >= 500) {
            return Kind.TRANSIENT;
        }
        if (status == 400 || status == 416) {
            return Kind.INVALID_REQUEST;
        }
        return Kind.OTHER;
    }

    private static boolean hasIoCause(Throwable e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static String rootCauseName(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }
}
