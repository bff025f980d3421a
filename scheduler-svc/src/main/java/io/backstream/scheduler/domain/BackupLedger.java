package io.backstream.scheduler.domain;

import io.backstream.schema.BackupCompletion;
import io.backstream.schema.BackupType;
import io.backstream.schema.event.BackupRequested;
import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.event.SnapshotFailed;
import io.backstream.schema.event.SnapshotSkipped;
import io.backstream.schema.event.SnapshotStarted;
import io.backstream.schema.event.UploadCompleted;
import io.backstream.schema.event.UploadFailed;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The scheduler's view of backups, built from {@code backup.events} and from the requests it published itself:
 * the state of each backup, the last backup of each policy and target (for skip-if-running), each chain (for the
 * full/incremental decision), the newest completed backup of each target (for drills), and waiters for ad-hoc
 * callers. A status never moves backwards, so duplicates and late events are harmless. Thread-safe.
 *
 * <p>A backup is COMPLETED only by the catalog's rule ({@link BackupCompletion}): once both the worker's
 * {@code SnapshotCompleted} and the uploader's {@code UploadCompleted} are in and agree; if they disagree it is FAILED
 * with {@value BackupCompletion#CHECKSUM_MISMATCH}. So a drill or an incremental never builds on a backup the catalog
 * holds as failed.
 *
 * <p>The state of a finished backup is forgotten once the newest request or event is more than {@code keepFinished}
 * past its last news: a finished backup never blocks a run, and chains and newest completed backups keep only
 * ids. The scheduler replays weeks of {@code backup.events} at start-up, so keeping every backup would make its
 * memory grow with the history. A completion report that old for a backup the ledger does not know (a late
 * duplicate of one it forgot) is dropped: it no longer moves a chain.
 */
public final class BackupLedger {

    private final Duration runningExpiry;
    private final Duration keepFinished;
    private final Map<String, BackupState> backups = new HashMap<>();
    private final Map<PolicyTarget, String> lastBackup = new HashMap<>();
    private final Map<PolicyTarget, ChainState> chains = new HashMap<>();
    private final Map<String, String> newestCompleted = new HashMap<>();
    private final Map<String, List<CompletableFuture<BackupState>>> waiters = new HashMap<>();
    /** The completion reports of backups that have one of the two so far. */
    private final Map<String, Reports> reports = new HashMap<>();
    /** Finished backups in the order they finished: the candidates for forgetting. */
    private final ArrayDeque<String> finished = new ArrayDeque<>();
    /** The newest time of any request or event seen; null before the first. */
    private Instant newest;

    /**
     * @param runningExpiry how long a backup without any news still counts as running; after that it no longer
     *                      blocks the next run (a safety net should nobody ever close it)
     * @param keepFinished  how long the state of a finished backup is kept after its last news; at least the
     *                      starting deadline, so that a slot planned again after a restart is known as done
     */
    public BackupLedger(Duration runningExpiry, Duration keepFinished) {
        this.runningExpiry = runningExpiry;
        this.keepFinished = keepFinished;
    }

    /** Records a request this scheduler published (status REQUESTED unless already further). */
    public synchronized void requested(BackupRequested request) {
        BackupState known = backups.get(request.backupId());
        if (known == null) {
            backups.put(request.backupId(), new BackupState(request.backupId(), request.policyId(),
                    request.targetId(), request.type(), LedgerStatus.REQUESTED, null, request.requestedAt(),
                    request.requestedAt()));
            lastBackup.put(new PolicyTarget(request.policyId(), request.targetId()), request.backupId());
        }
        forgetFinishedBefore(request.requestedAt());
    }

    /**
     * Applies one event from {@code backup.events}; other event types are ignored.
     *
     * @param time the event's time (used for the running expiry)
     */
    public synchronized void apply(Object event, Instant time) {
        if (event instanceof SnapshotStarted started) {
            BackupState known = backups.get(started.backupId());
            String policyId = started.policyId() != null ? started.policyId() : known == null ? null : known.policyId();
            advance(started.backupId(), policyId, started.targetId(), started.type(), LedgerStatus.SNAPSHOTTING,
                    null, started.startedAt(), time);
            if (known == null || known.policyId() == null) {
                lastBackup.put(new PolicyTarget(policyId, started.targetId()), started.backupId());
            }
        } else if (event instanceof SnapshotCompleted completed) {
            if (!forgotten(completed.backupId(), time)) {
                advance(completed.backupId(), completed.policyId(), completed.targetId(), completed.type(),
                        LedgerStatus.UPLOADING, null, completed.startedAt(), time);
                report(completed.backupId(), new Reports(BackupCompletion.Report.of(completed), null, null), time);
            }
        } else if (event instanceof UploadCompleted uploaded) {
            if (!forgotten(uploaded.backupId(), time)) {
                advance(uploaded.backupId(), null, uploaded.targetId(), null, LedgerStatus.UPLOADING, null, null, time);
                report(uploaded.backupId(), new Reports(null, BackupCompletion.Report.of(uploaded),
                        uploaded.completedAt()), time);
            }
        } else if (event instanceof SnapshotFailed failed) {
            advance(failed.backupId(), null, failed.targetId(), null, LedgerStatus.FAILED, failed.reason(), null, time);
        } else if (event instanceof UploadFailed failed) {
            advance(failed.backupId(), null, failed.targetId(), null, LedgerStatus.FAILED, failed.reason(), null, time);
        } else if (event instanceof SnapshotSkipped skipped) {
            advance(skipped.backupId(), skipped.policyId(), skipped.targetId(), null, LedgerStatus.SKIPPED,
                    skipped.reason(), null, time);
        }
        forgetFinishedBefore(time);
    }

    /** The state of a backup, if any event or request about it was seen. */
    public synchronized Optional<BackupState> state(String backupId) {
        return Optional.ofNullable(backups.get(backupId));
    }

    /**
     * The last backup of {@code policyId} and {@code targetId} if it has not reached a terminal state and had news
     * within the running expiry before {@code now}.
     */
    public synchronized Optional<BackupState> running(String policyId, String targetId, Instant now) {
        String id = lastBackup.get(new PolicyTarget(policyId, targetId));
        BackupState state = id == null ? null : backups.get(id);
        if (state == null || state.status().terminal() || !state.updatedAt().plus(runningExpiry).isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(state);
    }

    /** The chain of completed backups of {@code policyId} and {@code targetId}. */
    public synchronized ChainState chain(String policyId, String targetId) {
        return chains.getOrDefault(new PolicyTarget(policyId, targetId), ChainState.EMPTY);
    }

    /** The newest completed backup of a target, from any policy or ad-hoc request. */
    public synchronized Optional<String> newestCompleted(String targetId) {
        return Optional.ofNullable(newestCompleted.get(targetId));
    }

    /** Completes with the backup's state once it is terminal (at once if it already is). */
    public synchronized CompletableFuture<BackupState> whenTerminal(String backupId) {
        CompletableFuture<BackupState> future = new CompletableFuture<>();
        BackupState state = backups.get(backupId);
        if (state != null && state.status().terminal()) {
            future.complete(state);
        } else {
            waiters.computeIfAbsent(backupId, id -> new ArrayList<>()).add(future);
            future.whenComplete((done, error) -> forget(backupId, future));
        }
        return future;
    }

    private synchronized void forget(String backupId, CompletableFuture<BackupState> future) {
        List<CompletableFuture<BackupState>> list = waiters.get(backupId);
        if (list != null) {
            list.remove(future);
            if (list.isEmpty()) {
                waiters.remove(backupId);
            }
        }
    }

    /** Whether {@code backupId} is unknown and {@code time} is so old that the ledger may have forgotten it. */
    private boolean forgotten(String backupId, Instant time) {
        return !backups.containsKey(backupId) && beyondKeep(time);
    }

    /** Adds one side's completion report; once both are in, the backup is COMPLETED or FAILED by their agreement. */
    private void report(String backupId, Reports report, Instant time) {
        if (backups.get(backupId).status().terminal()) {
            return;
        }
        Reports both = reports.merge(backupId, report, Reports::with);
        if (both.snapshot() == null || both.upload() == null) {
            return;
        }
        if (BackupCompletion.agrees(both.snapshot(), both.upload())) {
            completed(advance(backupId, null, null, null, LedgerStatus.COMPLETED, null, null, time), both.uploadedAt());
        } else {
            advance(backupId, null, null, null, LedgerStatus.FAILED, BackupCompletion.CHECKSUM_MISMATCH, null, time);
        }
    }

    private BackupState advance(String backupId, String policyId, String targetId, BackupType type,
                                LedgerStatus status, String reason, Instant startedAt, Instant time) {
        BackupState known = backups.get(backupId);
        BackupState next;
        if (known == null) {
            next = new BackupState(backupId, policyId, targetId, type, status, reason, startedAt, time);
        } else {
            boolean forward = status.ordinal() > known.status().ordinal() && !known.status().terminal();
            next = new BackupState(backupId,
                    known.policyId() != null ? known.policyId() : policyId,
                    known.targetId() != null ? known.targetId() : targetId,
                    type != null ? type : known.type(),
                    forward ? status : known.status(),
                    forward ? reason : known.reason(),
                    startedAt != null ? startedAt : known.startedAt(),
                    time.isAfter(known.updatedAt()) ? time : known.updatedAt());
        }
        backups.put(backupId, next);
        if (next.status().terminal() && (known == null || !known.status().terminal())) {
            finished.addLast(backupId);
        }
        if (next.status().terminal()) {
            reports.remove(backupId);
            List<CompletableFuture<BackupState>> list = waiters.remove(backupId);
            if (list != null) {
                List.copyOf(list).forEach(waiter -> waiter.complete(next));
            }
        }
        return next;
    }

    /** Whether {@code time} lies more than {@code keepFinished} before the newest request or event. */
    private boolean beyondKeep(Instant time) {
        return newest != null && time.isBefore(newest.minus(keepFinished));
    }

    /** Forgets finished backups with no news within {@code keepFinished} before {@code time}, if it is the newest. */
    private void forgetFinishedBefore(Instant time) {
        if (time == null || (newest != null && !time.isAfter(newest))) {
            return;
        }
        newest = time;
        while (!finished.isEmpty()) {
            BackupState oldest = backups.get(finished.peekFirst());
            if (oldest != null && !beyondKeep(oldest.updatedAt())) {
                return;
            }
            backups.remove(finished.removeFirst());
        }
    }

    private void completed(BackupState backup, Instant completedAt) {
        if (backup.targetId() != null) {
            newestCompleted.put(backup.targetId(), backup.backupId());
        }
        PolicyTarget key = new PolicyTarget(backup.policyId(), backup.targetId());
        ChainState chain = chains.getOrDefault(key, ChainState.EMPTY);
        Instant takenAt = backup.startedAt() != null ? backup.startedAt() : completedAt;
        if (backup.type() == BackupType.INCREMENTAL) {
            chains.put(key, new ChainState(backup.backupId(), chain.lastFullId(), chain.lastFullAt(),
                    chain.incrementalsSinceFull() + 1));
        } else {
            chains.put(key, new ChainState(backup.backupId(), backup.backupId(), takenAt, 0));
        }
    }

    private record PolicyTarget(String policyId, String targetId) {
    }

    /** The worker's and the uploader's reports of one backup so far, each null until it arrives. */
    private record Reports(BackupCompletion.Report snapshot, BackupCompletion.Report upload, Instant uploadedAt) {

        /** These reports with the ones {@code later} adds; a duplicate report does not replace the first. */
        Reports with(Reports later) {
            return new Reports(snapshot != null ? snapshot : later.snapshot(),
                    upload != null ? upload : later.upload(),
                    upload != null ? uploadedAt : later.uploadedAt());
        }
    }
}
