package io.backstream.catalog.domain;

import io.backstream.schema.event.BackupDeleteFailed;
import io.backstream.schema.event.BackupDeleted;
import io.backstream.schema.event.DeleteRequested;

import java.time.Instant;

import static io.backstream.catalog.domain.BackupDraft.or;

/**
 * What happens to a backup's archive after the run: verification drills and deletion. A verification never
 * changes the run's state; a delete request moves COMPLETED to DELETING, a failed delete moves it back, and
 * DELETED is final.
 */
final class ArchiveTransitions {

    private ArchiveTransitions() {
    }

    /** Keeps the newest verification outcome. */
    static void verification(BackupDraft d, Verification verification, Instant eventTime) {
        d.seen(eventTime);
        if (d.verification == null || !verification.at().isBefore(d.verification.at())) {
            d.verification = verification;
        }
    }

    static void deleteRequested(BackupDraft d, DeleteRequested e, Instant at) {
        d.storage = or(d.storage, e.storage());
        d.seen(at);
        Deletion deletion = deletion(d);
        d.deletion = new Deletion(or(deletion.requestedAt(), at), deletion.deletedAt(), deletion.failureReason(),
                deletion.failedAt());
        if (d.status == BackupStatus.COMPLETED) {
            d.status = BackupStatus.DELETING;
        }
    }

    static void deleted(BackupDraft d, BackupDeleted e, Instant at) {
        d.storage = or(d.storage, e.storage());
        d.seen(at);
        Deletion deletion = deletion(d);
        d.deletion = new Deletion(deletion.requestedAt(), or(deletion.deletedAt(), at), deletion.failureReason(),
                deletion.failedAt());
        d.status = BackupStatus.DELETED;
    }

    static void deleteFailed(BackupDraft d, BackupDeleteFailed e, Instant at) {
        d.storage = or(d.storage, e.storage());
        d.seen(at);
        if (d.status == BackupStatus.DELETED) {
            return;
        }
        Deletion deletion = deletion(d);
        d.deletion = new Deletion(deletion.requestedAt(), null, e.reason(), at);
        if (d.status == BackupStatus.DELETING) {
            d.status = BackupStatus.COMPLETED;
        }
    }

    private static Deletion deletion(BackupDraft d) {
        return d.deletion != null ? d.deletion : new Deletion(null, null, null, null);
    }
}
