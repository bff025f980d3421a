package io.backstream.scheduler.domain;

import io.backstream.schema.BackupType;
import io.backstream.schema.TargetKind;
import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.event.SnapshotStarted;
import io.backstream.schema.event.UploadCompleted;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the ledger remembers as its history grows, and when it holds a backup completed. */
class BackupLedgerTest {

    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    private static final String SHA = "0".repeat(64);

    private final BackupLedger ledger = new BackupLedger(Duration.ofHours(12), Duration.ofHours(12));

    @Test
    void finishedBackupsAreForgottenOnceTheRunningExpiryHasPassedAndTheChainKeepsItsIds() {
        backup("day-0", T0);
        assertEquals(LedgerStatus.COMPLETED, ledger.state("day-0").orElseThrow().status());

        backup("day-1", T0.plus(Duration.ofDays(1)));
        assertTrue(ledger.state("day-0").isEmpty(), "a day-old finished backup is forgotten");
        assertEquals(LedgerStatus.COMPLETED, ledger.state("day-1").orElseThrow().status());
        ChainState chain = ledger.chain("p", "db");
        assertEquals("day-1", chain.lastCompletedId());
        assertEquals("day-1", chain.lastFullId());
        assertEquals("day-1", ledger.newestCompleted("db").orElseThrow());
    }

    @Test
    void aFinishedBackupIsKeptForKeepFinishedEvenWhenTheRunningExpiryIsShorter() {
        // a starting deadline of a day: a slot may be planned again up to a day later and must be known as done
        BackupLedger longMemory = new BackupLedger(Duration.ofHours(1), Duration.ofDays(1));
        longMemory.apply(started("slot", T0), T0);
        longMemory.apply(snapshotCompleted("slot", T0, SHA), T0.plusSeconds(60));
        longMemory.apply(uploaded("slot", T0.plusSeconds(90), SHA), T0.plusSeconds(90));

        longMemory.apply(started("next", T0.plus(Duration.ofHours(13))), T0.plus(Duration.ofHours(13)));
        assertEquals(LedgerStatus.COMPLETED, longMemory.state("slot").orElseThrow().status());

        longMemory.apply(started("after", T0.plus(Duration.ofHours(25))), T0.plus(Duration.ofHours(25)));
        assertTrue(longMemory.state("slot").isEmpty());
    }

    @Test
    void aBackupStillRunningIsKeptHoweverOld() {
        ledger.apply(started("stuck", T0), T0);
        backup("later", T0.plus(Duration.ofDays(3)));
        assertEquals(LedgerStatus.SNAPSHOTTING, ledger.state("stuck").orElseThrow().status());
        assertTrue(ledger.running("p", "db", T0.plus(Duration.ofDays(3))).isEmpty(), "expired, so it blocks nothing");
    }

    @Test
    void aLateDuplicateOfAForgottenCompletionDoesNotMoveTheChainBack() {
        backup("day-0", T0);
        backup("day-2", T0.plus(Duration.ofDays(2)));
        assertTrue(ledger.state("day-0").isEmpty());

        ledger.apply(snapshotCompleted("day-0", T0, SHA), T0.plusSeconds(60));
        ledger.apply(uploaded("day-0", T0.plusSeconds(90), SHA), T0.plusSeconds(90));

        assertTrue(ledger.state("day-0").isEmpty(), "reports that old of a forgotten backup are dropped");
        assertEquals("day-2", ledger.chain("p", "db").lastCompletedId());
        assertEquals("day-2", ledger.chain("p", "db").lastFullId());
        assertEquals("day-2", ledger.newestCompleted("db").orElseThrow());
    }

    @Test
    void completionsOfAPartitionReplayedBehindTheOthersStillBuildTheChain() {
        // at start-up one partition of backup.events can be read days behind another
        backup("other-target", T0.plus(Duration.ofDays(5)), "other");
        backup("day-0", T0);
        assertEquals("day-0", ledger.chain("p", "db").lastCompletedId());
    }

    @Test
    void anUploadIsCompletedOnlyOnceTheWorkersReportAgreesWhicheverComesFirst() {
        ledger.apply(started("b", T0), T0);
        ledger.apply(uploaded("b", T0.plusSeconds(60), SHA), T0.plusSeconds(60));
        assertEquals(LedgerStatus.UPLOADING, ledger.state("b").orElseThrow().status());
        assertTrue(ledger.newestCompleted("db").isEmpty());

        ledger.apply(snapshotCompleted("b", T0, SHA), T0.plusSeconds(90));
        assertEquals(LedgerStatus.COMPLETED, ledger.state("b").orElseThrow().status());
        assertEquals("b", ledger.chain("p", "db").lastCompletedId());
    }

    @Test
    void anUploadWhoseChecksumDisagreesWithTheSnapshotFailsAndIsNoParent() {
        backup("good", T0);
        ledger.apply(started("bad", T0.plusSeconds(600)), T0.plusSeconds(600));
        ledger.apply(snapshotCompleted("bad", T0.plusSeconds(600), SHA), T0.plusSeconds(660));
        ledger.apply(uploaded("bad", T0.plusSeconds(690), "f".repeat(64)), T0.plusSeconds(690));

        BackupState bad = ledger.state("bad").orElseThrow();
        assertEquals(LedgerStatus.FAILED, bad.status());
        assertEquals("checksum-mismatch", bad.reason());
        assertEquals(bad, ledger.whenTerminal("bad").join());
        assertEquals("good", ledger.chain("p", "db").lastCompletedId());
        assertEquals("good", ledger.newestCompleted("db").orElseThrow());

        ledger.apply(uploaded("bad", T0.plusSeconds(700), SHA), T0.plusSeconds(700));
        assertEquals(LedgerStatus.FAILED, ledger.state("bad").orElseThrow().status(), "a failed run stays failed");
    }

    private void backup(String backupId, Instant at) {
        backup(backupId, at, "db");
    }

    private void backup(String backupId, Instant at, String targetId) {
        ledger.apply(new SnapshotStarted(backupId, targetId, TargetKind.DIRECTORY, "w1", BackupType.FULL, null, null,
                "s3", "p", at), at);
        ledger.apply(new SnapshotCompleted(backupId, targetId, TargetKind.DIRECTORY, "w1", BackupType.FULL, null, null,
                null, "s3", "p", 1, 30, 10, SHA, 1, List.of(), at, at.plusSeconds(60)), at.plusSeconds(60));
        ledger.apply(new UploadCompleted(backupId, targetId, "s3", "bucket", "k", "k.manifest.json", 10, SHA, "e", 1,
                at.plusSeconds(90)), at.plusSeconds(90));
    }

    private static SnapshotStarted started(String backupId, Instant at) {
        return new SnapshotStarted(backupId, "db", TargetKind.DIRECTORY, "w1", BackupType.FULL, null, null, "s3", "p", at);
    }

    private static SnapshotCompleted snapshotCompleted(String backupId, Instant startedAt, String sha256) {
        return new SnapshotCompleted(backupId, "db", TargetKind.DIRECTORY, "w1", BackupType.FULL, null, null, null, "s3",
                "p", 1, 30, 10, sha256, 1, List.of(), startedAt, startedAt.plusSeconds(60));
    }

    private static UploadCompleted uploaded(String backupId, Instant at, String sha256) {
        return new UploadCompleted(backupId, "db", "s3", "bucket", "k", "k.manifest.json", 10, sha256, "e", 1, at);
    }
}
