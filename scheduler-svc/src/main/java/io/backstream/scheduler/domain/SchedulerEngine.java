package io.backstream.scheduler.domain;

import io.backstream.schema.BackupType;
import io.backstream.schema.event.BackupRequested;
import io.backstream.schema.event.Policy;
import io.backstream.schema.event.RestoreRequested;
import io.backstream.schema.event.SnapshotSkipped;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns due runs and ad-hoc requests into published events: skip-if-running, the full/incremental decision,
 * drills of the newest completed backup. A slot whose backup id is already known (fired before a restart, or seen
 * from another replica's events) is not published again.
 */
public final class SchedulerEngine {

    /** Reason of a run skipped because the previous backup of its policy and target is still running. */
    public static final String PREVIOUS_RUNNING = "previous-running";

    private static final Logger LOG = LoggerFactory.getLogger(SchedulerEngine.class);

    private final BackupLedger ledger;
    private final TypeDecider decider;
    private final RunSink sink;
    private final boolean incrementalEnabled;

    /**
     * @param incrementalEnabled when false every backup is FULL; the decision is still made and recorded in
     *                           {@code requestedBy} and the log
     */
    public SchedulerEngine(BackupLedger ledger, TypeDecider decider, RunSink sink, boolean incrementalEnabled) {
        this.ledger = ledger;
        this.decider = decider;
        this.sink = sink;
        this.incrementalEnabled = incrementalEnabled;
    }

    /** Publishes each due run; {@code now} is the request time. */
    public void launch(List<PlannedRun> runs, Instant now) {
        for (PlannedRun run : runs) {
            if (run.kind() == PlannedRun.Kind.BACKUP) {
                backup(run, now);
            } else {
                drill(run, now);
            }
        }
    }

    /**
     * An ad-hoc backup of {@code targetId}: FULL unless INCREMENTAL is asked for, which builds on the target's
     * newest completed backup.
     *
     * @param type        null for FULL
     * @param requestedBy the authenticated caller who asked
     * @throws IllegalArgumentException naming the field when incremental backups are disabled or there is no
     *                                  completed backup to build on
     */
    public BackupRequested adHoc(String targetId, BackupType type, String storage, String requestedBy, Instant now) {
        String parent = null;
        if (type == BackupType.INCREMENTAL) {
            if (!incrementalEnabled) {
                throw new IllegalArgumentException("type: INCREMENTAL backups are disabled "
                        + "(backstream.scheduler.incremental-enabled=false)");
            }
            parent = ledger.newestCompleted(targetId).orElseThrow(() -> new IllegalArgumentException(
                    "type: target '" + targetId + "' has no completed backup to build an INCREMENTAL on"));
        }
        BackupRequested request = new BackupRequested("adhoc." + targetId + "." + UUID.randomUUID(), targetId,
                type == null ? BackupType.FULL : type, parent, storage, null, null, null, requestedBy, null, null, now);
        sink.backupRequested(request, "adhoc");
        ledger.requested(request);
        return request;
    }

    private void backup(PlannedRun run, Instant now) {
        String backupId = run.id();
        Policy policy = run.policy();
        if (ledger.state(backupId).isPresent()) {
            LOG.debug("Backup {} was already requested", backupId);
            return;
        }
        Optional<BackupState> running = ledger.running(policy.id(), run.targetId(), now);
        if (running.isPresent()) {
            LOG.info("Skipping {}: previous backup {} of policy {} and target {} is {}", backupId,
                    running.get().backupId(), policy.id(), run.targetId(), running.get().status());
            SnapshotSkipped skipped = new SnapshotSkipped(backupId, run.targetId(), policy.id(), PREVIOUS_RUNNING, now);
            sink.snapshotSkipped(skipped);
            ledger.apply(skipped, now);
            return;
        }
        TypeDecision decision = decider.decide(policy, ledger.chain(policy.id(), run.targetId()), run.scheduledAt());
        boolean forced = !incrementalEnabled && decision.type() == BackupType.INCREMENTAL;
        BackupType type = forced ? BackupType.FULL : decision.type();
        String requestedBy = "scheduler; decision=" + decision.type() + " (" + decision.reason() + ")"
                + (forced ? "; forced FULL: incremental backups disabled" : "");
        LOG.info("Requesting {} backup {} of target {} for policy {} at {}: decided {} ({}{}){}", type, backupId,
                run.targetId(), policy.id(), run.scheduledAt(), decision.type(), decision.reason(),
                decision.parentBackupId() == null ? "" : ", parent " + decision.parentBackupId(),
                forced ? ", forced FULL because incremental backups are disabled" : "");
        BackupRequested request = new BackupRequested(backupId, run.targetId(), type,
                type == BackupType.INCREMENTAL ? decision.parentBackupId() : null, policy.storage(),
                policy.compression(), policy.compressionLevel(), policy.encryptionKeyId(), requestedBy, policy.id(),
                run.scheduledAt(), now);
        sink.backupRequested(request, "schedule");
        ledger.requested(request);
    }

    private void drill(PlannedRun run, Instant now) {
        Optional<String> newest = ledger.newestCompleted(run.targetId());
        if (newest.isEmpty()) {
            LOG.info("No drill {} for policy {}: target {} has no completed backup yet", run.id(),
                    run.policy().id(), run.targetId());
            return;
        }
        LOG.info("Requesting verification drill {} of backup {} (target {}, policy {})", run.id(), newest.get(),
                run.targetId(), run.policy().id());
        sink.restoreRequested(new RestoreRequested(run.id(), newest.get(), run.targetId(), null, null, false,
                List.of(), true, "scheduler; drill of policy " + run.policy().id(), now));
    }
}
