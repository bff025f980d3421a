package io.backstream.restore.domain;

/**
 * A delete request that does not fit the catalog's record of its backup, so nothing is deleted. The code is one of
 * {@code unknown-backup}, {@code storage-mismatch}, {@code key-mismatch}, {@code not-marked}; the message names the
 * backup and what the catalog records, never the request's keys.
 */
public class DeleteRefused extends RuntimeException {

    private final String code;

    public DeleteRefused(String code, String detail) {
        super(code + ": " + detail);
        this.code = code;
    }

    /** The reason's code, e.g. {@code key-mismatch}. */
    public String code() {
        return code;
    }
}
