package io.backstream.worker.domain;

/**
 * A backup that cannot complete. The message is the reason a person reads in {@code SnapshotFailed}:
 * it says what failed and what to look at, and never contains a secret.
 */
public class BackupFailedException extends RuntimeException {

    public BackupFailedException(String reason) {
        super(reason);
    }

    public BackupFailedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
