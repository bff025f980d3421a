package io.backstream.scheduler.domain;

import io.backstream.schema.BackupType;
import io.backstream.schema.EventCodec;
import io.backstream.schema.TargetKind;
import io.backstream.schema.event.BackupRequested;
import io.backstream.schema.event.Policy;
import io.backstream.schema.event.RestoreRequested;
import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.event.SnapshotSkipped;
import io.backstream.schema.event.SnapshotStarted;
import io.backstream.schema.event.UploadCompleted;
import io.backstream.support.messaging.ProcessedEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.backstream.scheduler.domain.Policies.policy;
import static io.backstream.scheduler.domain.Policies.withCadence;
import static io.backstream.scheduler.domain.Policies.withDrill;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Skip-if-running, the recorded type decision, drills and ad-hoc requests, on the domain alone. */
class SchedulerEngineTest {

    private static final Instant T10 = Instant.parse("2026-06-01T10:00:00Z");
    private static final Instant T11 = Instant.parse("2026-06-01T11:00:00Z");
    private static final String SHA = "0".repeat(64);

    private final RecordingSink sink = new RecordingSink();
    private final BackupLedger ledger = new BackupLedger(Duration.ofHours(12), Duration.ofHours(12));
    private final SchedulePlanner planner = new SchedulePlanner(Duration.ofHours(1));

    private SchedulerEngine engine(boolean incrementalEnabled) {
        return new SchedulerEngine(ledger, new TypeDecider(planner), sink, incrementalEnabled);
    }

    @Test
    void theNextRunIsSkippedWhileThePreviousIsRunningAndFiresOnceItCompleted() {
        SchedulerEngine engine = engine(false);
        Policy hourly = policy("p", "@hourly", null, "db");
        engine.launch(planner.plan(List.of(hourly), T10.minusSeconds(5), T10), T10);
        String first = RunIds.backupId("p", "db", T10);
        assertEquals(List.of(first), sink.requestIds());

        ledger.apply(started(first), T10.plusSeconds(1));
        ledger.apply(snapshotCompleted(first, T10.plusSeconds(1), SHA), T10.plusSeconds(60));
        engine.launch(planner.plan(List.of(hourly), T11.minusSeconds(5), T11), T11);
        assertEquals(List.of(new SnapshotSkipped(RunIds.backupId("p", "db", T11), "db", "p", "previous-running", T11)),
                sink.skipped);

        ledger.apply(uploaded(first), T11.plusSeconds(10));
        Instant t12 = T11.plus(Duration.ofHours(1));
        engine.launch(planner.plan(List.of(hourly), t12.minusSeconds(5), t12), t12);
        assertEquals(List.of(first, RunIds.backupId("p", "db", t12)), sink.requestIds());
    }

    /**
     * Issue 14: a run's id names its target, so no event for another target can take its id; and two replicas
     * firing one slot moments apart publish the same event (same type, id and payload hash), which consumers drop
     * as a redelivery rather than count as a conflicting duplicate.
     */
    @Test
    void twoReplicasFiringOneSlotPublishTheSameEventAndEachTargetHasItsOwnId() {
        Policy hourly = policy("p", "@hourly", null, "db", "app");
        RecordingSink otherSink = new RecordingSink();
        SchedulerEngine other = new SchedulerEngine(new BackupLedger(Duration.ofHours(12), Duration.ofHours(12)),
                new TypeDecider(planner), otherSink, false);
        engine(false).launch(planner.plan(List.of(hourly), T10.minusSeconds(5), T10.plusSeconds(1)),
                T10.plusSeconds(1));
        other.launch(planner.plan(List.of(hourly), T10.minusSeconds(5), T10.plusSeconds(4)), T10.plusSeconds(4));

        assertEquals(List.of(RunIds.backupId("p", "db", T10), RunIds.backupId("p", "app", T10)).stream().sorted()
                .toList(), sink.requestIds().stream().sorted().toList());
        assertEquals(sink.requestIds(), otherSink.requestIds());
        EventCodec codec = new EventCodec();
        for (int i = 0; i < sink.requests.size(); i++) {
            BackupRequested mine = sink.requests.get(i);
            BackupRequested theirs = otherSink.requests.get(i);
            assertEquals(ProcessedEvent.of(codec.create(mine.backupId() + "/requested", mine.requestedAt(), "/a",
                            mine.backupId(), mine)),
                    ProcessedEvent.of(codec.create(theirs.backupId() + "/requested", theirs.requestedAt(), "/b",
                            theirs.backupId(), theirs)));
        }
    }

    @Test
    void aRequestedButUnclaimedBackupStopsBlockingAfterTheRunningExpiry() {
        SchedulerEngine engine = new SchedulerEngine(new BackupLedger(Duration.ofMinutes(90), Duration.ofMinutes(90)),
                new TypeDecider(planner), sink, false);
        Policy hourly = policy("p", "@hourly", null, "db");
        engine.launch(planner.plan(List.of(hourly), T10.minusSeconds(5), T10), T10);
        engine.launch(planner.plan(List.of(hourly), T11.minusSeconds(5), T11), T11);
        Instant t12 = T11.plus(Duration.ofHours(1));
        engine.launch(planner.plan(List.of(hourly), t12.minusSeconds(5), t12), t12);
        assertEquals(1, sink.skipped.size());
        assertEquals(List.of(RunIds.backupId("p", "db", T10), RunIds.backupId("p", "db", t12)), sink.requestIds());
    }

    @Test
    void aSlotAlreadyRequestedIsNotPublishedAgain() {
        SchedulerEngine engine = engine(false);
        Policy hourly = policy("p", "@hourly", null, "db");
        // a restart re-evaluates the same slot (first evaluation catches up within the deadline)
        engine.launch(planner.plan(List.of(hourly), null, T10.plusSeconds(30)), T10.plusSeconds(30));
        engine.launch(planner.plan(List.of(hourly), null, T10.plusSeconds(40)), T10.plusSeconds(40));
        assertEquals(List.of(RunIds.backupId("p", "db", T10)), sink.requestIds());
    }

    @Test
    void withIncrementalsDisabledEveryRunIsFullButTheDecisionIsRecorded() {
        Policy policy = withCadence(policy("p", "@hourly", null, "db"), null, 24, null);
        completedFull("p.db.full", T10.minus(Duration.ofHours(2)));

        engine(false).launch(planner.plan(List.of(policy), T10.minusSeconds(5), T10), T10);
        BackupRequested forced = sink.requests.get(0);
        assertEquals(BackupType.FULL, forced.type());
        assertNull(forced.parentBackupId());
        assertEquals("scheduler; decision=INCREMENTAL (incremental); forced FULL: incremental backups disabled",
                forced.requestedBy());
        assertEquals("p", forced.policyId());
        assertEquals(T10, forced.scheduledAt());
    }

    @Test
    void withIncrementalsEnabledTheRunBuildsOnTheLastCompletedBackup() {
        Policy policy = withCadence(policy("p", "@hourly", null, "db"), null, 24, null);
        completedFull("p.db.full", T10.minus(Duration.ofHours(2)));

        engine(true).launch(planner.plan(List.of(policy), T10.minusSeconds(5), T10), T10);
        BackupRequested request = sink.requests.get(0);
        assertEquals(BackupType.INCREMENTAL, request.type());
        assertEquals("p.db.full", request.parentBackupId());
        assertEquals("scheduler; decision=INCREMENTAL (incremental)", request.requestedBy());
    }

    @Test
    void aBackupWhoseUploadDisagreesWithItsSnapshotIsNeitherAParentNorADrillTarget() {
        Policy policy = withCadence(policy("p", "@hourly", null, "db"), null, 24, null);
        completedFull("p.db.full", T10.minus(Duration.ofHours(3)));
        Instant at = T10.minus(Duration.ofHours(2));
        ledger.apply(new SnapshotStarted("p.db.bad", "db", TargetKind.DIRECTORY, "w1", BackupType.FULL, null, null,
                "s3", "p", at), at);
        ledger.apply(snapshotCompleted("p.db.bad", at, SHA), at.plusSeconds(30));
        ledger.apply(uploaded("p.db.bad", "f".repeat(64)), at.plusSeconds(60));

        assertEquals(LedgerStatus.FAILED, ledger.state("p.db.bad").orElseThrow().status());
        assertEquals("checksum-mismatch", ledger.state("p.db.bad").orElseThrow().reason());
        assertEquals("p.db.full", ledger.newestCompleted("db").orElseThrow());
        engine(true).launch(planner.plan(List.of(policy), T10.minusSeconds(5), T10), T10);
        assertEquals("p.db.full", sink.requests.get(0).parentBackupId());
    }

    @Test
    void drillsVerifyTheNewestCompletedBackupOfEachTarget() {
        Policy policy = withDrill(policy("p", "@monthly", null, "db", "files"), "0 12 * * *");
        completedFull("p.db.full", T10.minus(Duration.ofHours(2)));
        Instant noon = Instant.parse("2026-06-01T12:00:00Z");

        engine(false).launch(planner.plan(List.of(policy), noon.minusSeconds(5), noon), noon);
        assertEquals(List.of(new RestoreRequested("drill.p.db.1780315200", "p.db.full", "db", null, null, false,
                List.of(), true, "scheduler; drill of policy p", noon)), sink.restores);
    }

    @Test
    void adHocIncrementalNeedsIncrementalsEnabledAndACompletedBackup() {
        IllegalArgumentException disabled = assertThrows(IllegalArgumentException.class,
                () -> engine(false).adHoc("db", BackupType.INCREMENTAL, null, "ops", T10));
        assertTrue(disabled.getMessage().startsWith("type: "), disabled.getMessage());
        IllegalArgumentException noParent = assertThrows(IllegalArgumentException.class,
                () -> engine(true).adHoc("db", BackupType.INCREMENTAL, null, "ops", T10));
        assertTrue(noParent.getMessage().contains("no completed backup"), noParent.getMessage());

        BackupRequested full = engine(false).adHoc("db", null, "gcs", "ops", T10);
        assertEquals(BackupType.FULL, full.type());
        assertEquals("gcs", full.storage());
        assertTrue(full.backupId().startsWith("adhoc.db."), full.backupId());
        assertEquals(List.of(full), sink.requests);
        assertEquals(List.of("adhoc"), sink.triggers);
    }

    @Test
    void scheduledRequestsAreValidEventsWithStableIds() {
        engine(false).launch(planner.plan(List.of(policy("nightly-db", "@daily", "Europe/Berlin", "db.main")),
                null, Instant.parse("2026-06-01T22:10:00Z")), Instant.parse("2026-06-01T22:10:00Z"));
        BackupRequested request = sink.requests.get(0);
        assertEquals("nightly-db.db.main.1780351200", request.backupId());
        EventCodec codec = new EventCodec();
        codec.encode(codec.create("/scheduler-svc", request.targetId(), request));
    }

    private void completedFull(String backupId, Instant at) {
        ledger.apply(new SnapshotStarted(backupId, "db", TargetKind.DIRECTORY, "w1", BackupType.FULL, null, null,
                "s3", "p", at), at);
        ledger.apply(snapshotCompleted(backupId, at, SHA), at.plusSeconds(30));
        ledger.apply(uploaded(backupId), at.plusSeconds(60));
    }

    private static SnapshotStarted started(String backupId) {
        return new SnapshotStarted(backupId, "db", TargetKind.DIRECTORY, "w1", BackupType.FULL, null, null, "s3", "p",
                T10.plusSeconds(1));
    }

    private static SnapshotCompleted snapshotCompleted(String backupId, Instant startedAt, String sha256) {
        return new SnapshotCompleted(backupId, "db", TargetKind.DIRECTORY, "w1", BackupType.FULL, null, null, null,
                "s3", "p", 1, 10, 10, sha256, 1, List.of(), startedAt, startedAt.plusSeconds(30));
    }

    private static UploadCompleted uploaded(String backupId) {
        return uploaded(backupId, SHA);
    }

    private static UploadCompleted uploaded(String backupId, String sha256) {
        return new UploadCompleted(backupId, "db", "s3", "bucket", "k", "k.manifest.json", 10, sha256, "e", 1,
                T10.plusSeconds(90));
    }

    /** Keeps what the engine decided, in order. */
    static final class RecordingSink implements RunSink {
        final List<BackupRequested> requests = new ArrayList<>();
        final List<String> triggers = new ArrayList<>();
        final List<SnapshotSkipped> skipped = new ArrayList<>();
        final List<RestoreRequested> restores = new ArrayList<>();

        @Override
        public void backupRequested(BackupRequested request, String trigger) {
            requests.add(request);
            triggers.add(trigger);
        }

        @Override
        public void snapshotSkipped(SnapshotSkipped event) {
            skipped.add(event);
        }

        @Override
        public void restoreRequested(RestoreRequested request) {
            restores.add(request);
        }

        List<String> requestIds() {
            return requests.stream().map(BackupRequested::backupId).toList();
        }
    }
}
