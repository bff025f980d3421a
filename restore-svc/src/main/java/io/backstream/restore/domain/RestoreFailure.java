package io.backstream.restore.domain;

/**
 * A restore that cannot go on, with a reason a person can act on: a short code ({@code checksum-mismatch},
 * {@code destination-not-allowed}, {@code destination-exists}, {@code unsafe-entry}, {@code backup-not-found},
 * {@code storage-error}, ...) followed by details.
 */
public class RestoreFailure extends RuntimeException {

    private final String code;

    public RestoreFailure(String code, String detail) {
        super(code + ": " + detail);
        this.code = code;
    }

    public RestoreFailure(String code, String detail, Throwable cause) {
        super(code + ": " + detail, cause);
        this.code = code;
    }

    /** The reason's code, e.g. {@code checksum-mismatch}. */
    public String code() {
        return code;
    }

    /** The whole reason, code and details. */
    public String reason() {
        return getMessage();
    }
}
