package io.backstream.uploader.domain;

/**
 * A record arrived for a backup the uploader abandoned because it got no record for too long. The backup's
 * upload is gone and {@code UploadFailed} was announced, so the record is refused rather than silently
 * skipped or taken as the start of a new upload; the listener sends it to the dead-letter topic.
 */
public final class AbandonedBackupException extends RuntimeException {

    /** The {@code UploadFailed} reason, the recorded outcome and the dead-letter reason of an abandoned backup. */
    public static final String REASON = "abandoned";

    private static final long serialVersionUID = 1L;

    AbandonedBackupException(String backupId, String what) {
        super("backup " + backupId + " was abandoned after getting no record for too long: " + what + " refused");
    }

    /** Throws when {@code outcome} is the one recorded for an abandoned backup. */
    static void refuseIf(String outcome, String backupId, String what) {
        if (REASON.equals(outcome)) {
            throw new AbandonedBackupException(backupId, what);
        }
    }
}
