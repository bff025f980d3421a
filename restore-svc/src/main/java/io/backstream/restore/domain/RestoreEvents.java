package io.backstream.restore.domain;

import io.backstream.schema.event.BackupDeleteFailed;
import io.backstream.schema.event.BackupDeleted;
import io.backstream.schema.event.BackupDiscovered;
import io.backstream.schema.event.BackupVerificationFailed;
import io.backstream.schema.event.BackupVerified;
import io.backstream.schema.event.RestoreCompleted;
import io.backstream.schema.event.RestoreFailed;
import io.backstream.schema.event.RestoreProgress;
import io.backstream.schema.event.RestoreStarted;

/** Where the restore service's events go; each call returns once the event is durable. */
public interface RestoreEvents {

    void started(RestoreStarted event);

    void progress(RestoreProgress event);

    void completed(RestoreCompleted event);

    void failed(RestoreFailed event);

    void verified(BackupVerified event);

    void verificationFailed(BackupVerificationFailed event);

    void discovered(BackupDiscovered event);

    void deleted(BackupDeleted event);

    void deleteFailed(BackupDeleteFailed event);
}
