package io.backstream.catalog.domain;

import io.backstream.schema.event.BackupDeleteFailed;
import io.backstream.schema.event.BackupDeleted;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.backstream.catalog.domain.BackupDraft.or;

/**
 * What happens to a backup's archive after the run: verification drills and deletion. A verification never
 * changes the run's state; the catalog's decision to delete moves COMPLETED (or PARTLY_DELETED) to DELETING; a
 * failed delete moves it back to COMPLETED when no object is gone yet, else to PARTLY_DELETED, which is never
 * restorable again; DELETED is final. The objects a delete removed are remembered across attempts.
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

    /** The newest decision's time is the request time: a delete unanswered since then is asked for again. */
    static void deleteDecided(BackupDraft d, Instant at) {
        d.seen(at);
        Deletion deletion = deletion(d);
        d.deletion = new Deletion(at, deletion.deletedAt(), deletion.failureReason(),
                deletion.failedAt(), deletion.deletedKeys());
        d.status = BackupStatus.DELETING;
    }

    /** The catalog asked again for a delete nobody answered: the request time is the new request's. */
    static void deleteRequestedAgain(BackupDraft d, Instant at) {
        Deletion deletion = deletion(d);
        d.deletion = new Deletion(at, deletion.deletedAt(), deletion.failureReason(), deletion.failedAt(),
                deletion.deletedKeys());
    }

    static void deleted(BackupDraft d, BackupDeleted e, Instant at) {
        d.seen(at);
        Deletion deletion = deletion(d);
        d.deletion = new Deletion(deletion.requestedAt(), or(deletion.deletedAt(), at), deletion.failureReason(),
                deletion.failedAt(), deletion.deletedKeys());
        d.status = BackupStatus.DELETED;
    }

    static void deleteFailed(BackupDraft d, BackupDeleteFailed e, Instant at) {
        d.seen(at);
        if (d.status == BackupStatus.DELETED) {
            return;
        }
        Deletion deletion = deletion(d);
        List<String> gone = new ArrayList<>(deletion.deletedKeys());
        for (String key : e.deletedKeys() == null ? List.<String>of() : e.deletedKeys()) {
            if (ownKey(d, key) && !gone.contains(key)) {
                gone.add(key);
            }
        }
        d.deletion = new Deletion(deletion.requestedAt(), null, e.reason(), at, gone);
        if (d.status == BackupStatus.DELETING) {
            d.status = gone.isEmpty() ? BackupStatus.COMPLETED : BackupStatus.PARTLY_DELETED;
        }
    }

    /** Only the backup's own keys count as deleted: an outcome cannot name other objects into the record. */
    private static boolean ownKey(BackupDraft d, String key) {
        return d.upload != null && (key.equals(d.upload.key()) || key.equals(d.upload.manifestKey()));
    }

    private static Deletion deletion(BackupDraft d) {
        return d.deletion != null ? d.deletion : new Deletion(null, null, null, null, List.of());
    }
}
