package io.backstream.scheduler.domain;

import io.backstream.schema.BackupType;
import io.backstream.schema.TargetKind;
import io.backstream.schema.event.SnapshotStarted;
import io.backstream.schema.event.UploadCompleted;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the ledger remembers as its history grows. */
class BackupLedgerTest {

    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

    private final BackupLedger ledger = new BackupLedger(Duration.ofHours(12), Duration.ofHours(12));

    @Test
    void finishedBackupsAreForgottenOnceTheRunningExpiryHasPassedAndTheChainKeepsItsIds() {
        backup("day-0", T0);
        assertEquals(BackupStatus.COMPLETED, ledger.state("day-0").orElseThrow().status());

        backup("day-1", T0.plus(Duration.ofDays(1)));
        assertTrue(ledger.state("day-0").isEmpty(), "a day-old finished backup is forgotten");
        assertEquals(BackupStatus.COMPLETED, ledger.state("day-1").orElseThrow().status());
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
        longMemory.apply(uploaded("slot", T0.plusSeconds(90)), T0.plusSeconds(90));

        longMemory.apply(started("next", T0.plus(Duration.ofHours(13))), T0.plus(Duration.ofHours(13)));
        assertEquals(BackupStatus.COMPLETED, longMemory.state("slot").orElseThrow().status());

        longMemory.apply(started("after", T0.plus(Duration.ofHours(25))), T0.plus(Duration.ofHours(25)));
        assertTrue(longMemory.state("slot").isEmpty());
    }

    @Test
    void aBackupStillRunningIsKeptHoweverOld() {
        ledger.apply(started("stuck", T0), T0);
        backup("later", T0.plus(Duration.ofDays(3)));
        assertEquals(BackupStatus.SNAPSHOTTING, ledger.state("stuck").orElseThrow().status());
        assertTrue(ledger.running("p", "db", T0.plus(Duration.ofDays(3))).isEmpty(), "expired, so it blocks nothing");
    }

    @Test
    void aLateDuplicateOfAForgottenCompletionDoesNotMoveTheChainBack() {
        backup("day-0", T0);
        backup("day-2", T0.plus(Duration.ofDays(2)));
        assertTrue(ledger.state("day-0").isEmpty());

        ledger.apply(uploaded("day-0", T0.plusSeconds(90)), T0.plusSeconds(90));

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

    private void backup(String backupId, Instant at) {
        backup(backupId, at, "db");
    }

    private void backup(String backupId, Instant at, String targetId) {
        ledger.apply(new SnapshotStarted(backupId, targetId, TargetKind.DIRECTORY, "w1", BackupType.FULL, null, null,
                "s3", "p", at), at);
        ledger.apply(new UploadCompleted(backupId, targetId, "s3", "bucket", "k", "k.manifest.json", 10, "0".repeat(64),
                "e", 1, at.plusSeconds(90)), at.plusSeconds(90));
    }

    private static SnapshotStarted started(String backupId, Instant at) {
        return new SnapshotStarted(backupId, "db", TargetKind.DIRECTORY, "w1", BackupType.FULL, null, null, "s3", "p", at);
    }

    private static UploadCompleted uploaded(String backupId, Instant at) {
        return new UploadCompleted(backupId, "db", "s3", "bucket", "k", "k.manifest.json", 10, "0".repeat(64), "e", 1, at);
    }
}
