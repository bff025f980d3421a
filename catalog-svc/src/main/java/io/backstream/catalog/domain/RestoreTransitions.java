package io.backstream.catalog.domain;

import io.backstream.schema.event.RestoreCompleted;
import io.backstream.schema.event.RestoreDestination;
import io.backstream.schema.event.RestoreFailed;
import io.backstream.schema.event.RestoreProgress;
import io.backstream.schema.event.RestoreRequested;
import io.backstream.schema.event.RestoreStarted;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * How one restore event changes a restore. The first event creates the row; duplicates and late events never
 * move a restore back; progress only grows; a finished restore keeps its outcome.
 */
public final class RestoreTransitions {

    private RestoreTransitions() {
    }

    /** Whether {@code event} is a restore record this class applies. */
    public static boolean isRestoreEvent(Object event) {
        return event instanceof RestoreRequested || event instanceof RestoreStarted
                || event instanceof RestoreProgress || event instanceof RestoreCompleted
                || event instanceof RestoreFailed;
    }

    /**
     * The restore after {@code event}.
     *
     * @param current the restore before, or null if unknown
     * @throws IllegalArgumentException for a record that is not a restore event
     */
    public static Restore apply(Restore current, Object event, Instant eventTime) {
        Objects.requireNonNull(event, "event");
        if (event instanceof RestoreRequested e) {
            Restore r = base(current, e.restoreId(), or(e.requestedAt(), eventTime));
            return copy(r, r.status(), or(r.backupIds().isEmpty() ? null : r.backupIds(),
                            e.backupId() == null ? List.of() : List.of(e.backupId())),
                    or(r.targetId(), e.targetId()), or(r.pointInTime(), e.pointInTime()),
                    or(r.destination(), destination(e.destination())), r.verifyOnly() || e.verifyOnly(),
                    r.bytesDone(), r.bytesTotal(), r.files(), r.durationMillis(), r.failureReason(),
                    r.failedBackupId(), or(r.requestedAt(), or(e.requestedAt(), eventTime)), r.startedAt(),
                    r.finishedAt(), eventTime);
        }
        if (event instanceof RestoreStarted e) {
            Instant at = or(e.startedAt(), eventTime);
            Restore r = base(current, e.restoreId(), at);
            return copy(r, advance(r.status(), RestoreStatus.RUNNING), e.backupIds().isEmpty() ? r.backupIds()
                            : e.backupIds(), r.targetId(), r.pointInTime(),
                    or(r.destination(), destination(e.destination())), r.verifyOnly(), r.bytesDone(),
                    Math.max(r.bytesTotal(), e.bytesTotal()), r.files(), r.durationMillis(), r.failureReason(),
                    r.failedBackupId(), r.requestedAt(), or(r.startedAt(), at), r.finishedAt(), at);
        }
        if (event instanceof RestoreProgress e) {
            Instant at = or(e.at(), eventTime);
            Restore r = base(current, e.restoreId(), at);
            return copy(r, advance(r.status(), RestoreStatus.RUNNING), r.backupIds(), r.targetId(),
                    r.pointInTime(), r.destination(), r.verifyOnly(), Math.max(r.bytesDone(), e.bytesDone()),
                    Math.max(r.bytesTotal(), e.bytesTotal()), r.files(), r.durationMillis(), r.failureReason(),
                    r.failedBackupId(), r.requestedAt(), r.startedAt(), r.finishedAt(), at);
        }
        if (event instanceof RestoreCompleted e) {
            Instant at = or(e.completedAt(), eventTime);
            Restore r = base(current, e.restoreId(), at);
            if (r.status().isFinished()) {
                return r;
            }
            return copy(r, RestoreStatus.COMPLETED, e.backupIds().isEmpty() ? r.backupIds() : e.backupIds(),
                    r.targetId(), r.pointInTime(), r.destination(), r.verifyOnly(), Math.max(r.bytesDone(), e.bytes()),
                    Math.max(r.bytesTotal(), e.bytes()), e.files(), e.durationMillis(), null, null,
                    r.requestedAt(), r.startedAt(), at, at);
        }
        if (event instanceof RestoreFailed e) {
            Instant at = or(e.failedAt(), eventTime);
            Restore r = base(current, e.restoreId(), at);
            if (r.status().isFinished()) {
                return r;
            }
            return copy(r, RestoreStatus.FAILED, r.backupIds(), r.targetId(), r.pointInTime(), r.destination(),
                    r.verifyOnly(), r.bytesDone(), r.bytesTotal(), r.files(), r.durationMillis(), e.reason(),
                    e.backupId(), r.requestedAt(), r.startedAt(), at, at);
        }
        throw new IllegalArgumentException("Not a restore event: " + event.getClass());
    }

    private static Restore base(Restore current, String id, Instant at) {
        if (current != null) {
            Instant created = at != null && at.isBefore(current.createdAt()) ? at : current.createdAt();
            return new Restore(current.id(), current.status(), current.backupIds(), current.targetId(),
                    current.pointInTime(), current.destination(), current.verifyOnly(), current.bytesDone(),
                    current.bytesTotal(), current.files(), current.durationMillis(), current.failureReason(),
                    current.failedBackupId(), current.requestedAt(), current.startedAt(), current.finishedAt(),
                    created, current.updatedAt());
        }
        return new Restore(id, RestoreStatus.REQUESTED, List.of(), null, null, null, false, 0, 0, 0, null, null,
                null, null, null, null, at, at);
    }

    private static Restore copy(Restore r, RestoreStatus status, List<String> backupIds, String targetId,
                                Instant pointInTime, String destination, boolean verifyOnly, long bytesDone,
                                long bytesTotal, long files, Long durationMillis, String failureReason,
                                String failedBackupId, Instant requestedAt, Instant startedAt, Instant finishedAt,
                                Instant updatedAt) {
        Instant newest = r.updatedAt() == null || (updatedAt != null && updatedAt.isAfter(r.updatedAt()))
                ? updatedAt : r.updatedAt();
        return new Restore(r.id(), status, backupIds, targetId, pointInTime, destination, verifyOnly, bytesDone,
                bytesTotal, files, durationMillis, failureReason, failedBackupId, requestedAt, startedAt, finishedAt,
                r.createdAt(), newest);
    }

    private static RestoreStatus advance(RestoreStatus current, RestoreStatus next) {
        return current.ordinal() < next.ordinal() ? next : current;
    }

    private static String destination(RestoreDestination destination) {
        if (destination == null || destination.kind() == null) {
            return null;
        }
        String where = destination.kind() == RestoreDestination.Kind.POSTGRES ? destination.database()
                : destination.path();
        return destination.kind() + ":" + (where == null ? "" : where);
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
