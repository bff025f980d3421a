package io.backstream.catalog.domain;

import io.backstream.schema.event.BackupDeleteFailed;
import io.backstream.schema.event.BackupDeleted;
import io.backstream.schema.event.BackupDiscovered;
import io.backstream.schema.event.BackupRequested;
import io.backstream.schema.event.BackupVerificationFailed;
import io.backstream.schema.event.BackupVerified;
import io.backstream.schema.event.DeleteRequested;
import io.backstream.schema.event.SnapshotFailed;
import io.backstream.schema.event.SnapshotSkipped;
import io.backstream.schema.event.SnapshotStarted;
import io.backstream.schema.event.UploadFailed;
import io.backstream.schema.BackupType;
import io.backstream.schema.Compression;
import io.backstream.schema.TargetKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Stream;

import static io.backstream.catalog.domain.Events.SHA;
import static io.backstream.catalog.domain.Events.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BackupTransitionsTest {

    private static final String ID = "b-1";

    private static Object requested() {
        return Events.requested(ID);
    }

    private static Object started() {
        return Events.started(ID);
    }

    private static Object snapshot() {
        return Events.snapshotCompleted(ID, 1000, 2, SHA);
    }

    private static Object upload() {
        return Events.uploadCompleted(ID, 1000, 2, SHA);
    }

    private static Object snapshotFailed() {
        return new SnapshotFailed(ID, "db-main", "worker-1", "pg_dump exited 1", T0.plusSeconds(30));
    }

    private static Object uploadFailed() {
        return new UploadFailed(ID, "db-main", "s3", "access denied", T0.plusSeconds(65));
    }

    private static Object skipped() {
        return new SnapshotSkipped(ID, "db-main", "nightly", "previous-running", T0.plusSeconds(1));
    }

    private static Object deleteRequested() {
        return new DeleteRequested(ID, "s3", "k", "k.manifest.json", "retention", "catalog", T0.plusSeconds(500));
    }

    private static Object deleted() {
        return new BackupDeleted(ID, "s3", "k", T0.plusSeconds(510));
    }

    private static Object deleteFailed() {
        return new BackupDeleteFailed(ID, "s3", "k", "object locked", T0.plusSeconds(510));
    }

    private static Object discovered() {
        return new BackupDiscovered(ID, "db-main", TargetKind.POSTGRES, BackupType.FULL, null, "s3", "k",
                "k.manifest.json", 1000, SHA, 2, Compression.ZSTD, T0);
    }

    static Stream<Arguments> sequences() {
        return Stream.of(
                Arguments.of("requested", List.of(requested()), BackupStatus.REQUESTED, null),
                Arguments.of("started", List.of(requested(), started()), BackupStatus.SNAPSHOTTING, null),
                Arguments.of("started first creates the row", List.of(started()), BackupStatus.SNAPSHOTTING, null),
                Arguments.of("snapshot done", List.of(requested(), started(), snapshot()), BackupStatus.UPLOADING,
                        null),
                Arguments.of("happy path", List.of(requested(), started(), snapshot(), upload()),
                        BackupStatus.COMPLETED, null),
                Arguments.of("upload before snapshot", List.of(requested(), started(), upload(), snapshot()),
                        BackupStatus.COMPLETED, null),
                Arguments.of("upload first of all", List.of(upload(), snapshot()), BackupStatus.COMPLETED, null),
                Arguments.of("upload alone waits for the snapshot", List.of(started(), upload()),
                        BackupStatus.UPLOADING, null),
                Arguments.of("late start after completion changes nothing",
                        List.of(requested(), started(), snapshot(), upload(), started()), BackupStatus.COMPLETED, null),
                Arguments.of("late request after completion", List.of(started(), snapshot(), upload(), requested()),
                        BackupStatus.COMPLETED, null),
                Arguments.of("duplicates", List.of(requested(), requested(), started(), started(), snapshot(),
                        snapshot(), upload(), upload()), BackupStatus.COMPLETED, null),
                Arguments.of("size mismatch", List.of(started(), snapshot(), Events.uploadCompleted(ID, 999, 2, SHA)),
                        BackupStatus.FAILED, BackupTransitions.CHECKSUM_MISMATCH),
                Arguments.of("chunk count mismatch",
                        List.of(started(), snapshot(), Events.uploadCompleted(ID, 1000, 3, SHA)),
                        BackupStatus.FAILED, BackupTransitions.CHECKSUM_MISMATCH),
                Arguments.of("sha mismatch",
                        List.of(started(), Events.uploadCompleted(ID, 1000, 2, "b".repeat(64)), snapshot()),
                        BackupStatus.FAILED, BackupTransitions.CHECKSUM_MISMATCH),
                Arguments.of("sha case differs", List.of(started(), snapshot(),
                        Events.uploadCompleted(ID, 1000, 2, SHA.toUpperCase())), BackupStatus.COMPLETED, null),
                Arguments.of("snapshot failed", List.of(requested(), started(), snapshotFailed()),
                        BackupStatus.FAILED, "pg_dump exited 1"),
                Arguments.of("upload failed", List.of(started(), snapshot(), uploadFailed()), BackupStatus.FAILED,
                        "access denied"),
                Arguments.of("failure is final", List.of(started(), snapshotFailed(), snapshot(), upload()),
                        BackupStatus.FAILED, "pg_dump exited 1"),
                Arguments.of("failure after completion changes nothing",
                        List.of(started(), snapshot(), upload(), uploadFailed()), BackupStatus.COMPLETED, null),
                Arguments.of("skipped", List.of(requested(), skipped()), BackupStatus.SKIPPED, "previous-running"),
                Arguments.of("skipped first", List.of(skipped(), requested()), BackupStatus.SKIPPED,
                        "previous-running"),
                Arguments.of("deleting", List.of(started(), snapshot(), upload(), deleteRequested()),
                        BackupStatus.DELETING, null),
                Arguments.of("deleted", List.of(started(), snapshot(), upload(), deleteRequested(), deleted()),
                        BackupStatus.DELETED, null),
                Arguments.of("deleted before delete requested",
                        List.of(started(), snapshot(), upload(), deleted(), deleteRequested()),
                        BackupStatus.DELETED, null),
                Arguments.of("delete failed returns to completed",
                        List.of(started(), snapshot(), upload(), deleteRequested(), deleteFailed()),
                        BackupStatus.COMPLETED, null),
                Arguments.of("delete failed after deleted changes nothing",
                        List.of(started(), snapshot(), upload(), deleteRequested(), deleted(), deleteFailed()),
                        BackupStatus.DELETED, null),
                Arguments.of("delete requested while running does not stop it",
                        List.of(started(), deleteRequested()), BackupStatus.SNAPSHOTTING, null),
                Arguments.of("discovered", List.of(discovered()), BackupStatus.COMPLETED, null),
                Arguments.of("discovered completes a running backup", List.of(started(), discovered()),
                        BackupStatus.COMPLETED, null),
                Arguments.of("discovered after deletion changes nothing",
                        List.of(started(), snapshot(), upload(), deleted(), discovered()), BackupStatus.DELETED, null),
                Arguments.of("discovered keeps a failure", List.of(started(), snapshotFailed(), discovered()),
                        BackupStatus.FAILED, "pg_dump exited 1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void sequenceEndsInState(String name, List<Object> events, BackupStatus status, String reason) {
        Backup backup = null;
        for (Object event : events) {
            backup = BackupTransitions.apply(backup, event, T0.plusSeconds(1000));
        }
        assertEquals(status, backup.status(), name);
        assertEquals(reason, backup.failureReason(), name);
        assertEquals(ID, backup.id());
    }

    @Test
    void completedBackupKeepsBothReportsAndItsEarliestTime() {
        Backup backup = null;
        for (Object event : List.of(upload(), snapshot(), started(), requested())) {
            backup = BackupTransitions.apply(backup, event, T0.plusSeconds(1000));
        }
        assertEquals(BackupStatus.COMPLETED, backup.status());
        assertEquals(T0, backup.createdAt(), "createdAt is the earliest reported time");
        assertEquals(1000, backup.upload().size());
        assertEquals(3000, backup.snapshot().rawBytes());
        assertEquals("nightly", backup.policyId());
        assertEquals("worker-1", backup.workerId());
        assertEquals(T0.plusSeconds(70), backup.finishedAt());
        assertEquals(65.0, backup.totalDuration().toSeconds(), "from snapshot start to upload end");
    }

    @Test
    void verificationKeepsTheNewestOutcome() {
        Backup backup = null;
        for (Object event : List.of(started(), snapshot(), upload(),
                new BackupVerified(ID, "r-2", 3000, 12, T0.plusSeconds(900)),
                new BackupVerificationFailed(ID, "r-1", "sha mismatch", T0.plusSeconds(800)))) {
            backup = BackupTransitions.apply(backup, event, T0.plusSeconds(1000));
        }
        assertEquals(Verification.Status.VERIFIED, backup.verification().status());
        assertEquals("r-2", backup.verification().restoreId());
        assertNull(backup.verification().reason());
        assertEquals(BackupStatus.COMPLETED, backup.status(), "verification does not change the run state");
    }

    @Test
    void progressClockMovesOnlyWhileRunning() {
        Backup backup = BackupTransitions.apply(null, requested(), T0);
        assertEquals(T0, backup.lastProgressAt());
        backup = BackupTransitions.apply(backup, started(), T0);
        assertEquals(T0.plusSeconds(5), backup.lastProgressAt());
        Backup again = BackupTransitions.apply(backup, started(), T0);
        assertEquals(backup, again, "a duplicate changes nothing");
    }

    @Test
    void typeAndParentAreWhatTheWorkerTookWhateverTheRequestAsked() {
        // the request asks for an incremental on b-0; the worker reports the full copy it took
        BackupRequested incremental = new BackupRequested(ID, "db-main", BackupType.INCREMENTAL, "b-0", "s3",
                Compression.ZSTD, null, null, "scheduler", "nightly", T0, T0);
        for (List<Object> events : List.of(List.of(incremental, started(), snapshot(), upload()),
                List.of(started(), snapshot(), upload(), incremental), List.of(started(), incremental),
                List.of(snapshot(), incremental, upload()))) {
            Backup backup = null;
            for (Object event : events) {
                backup = BackupTransitions.apply(backup, event, T0.plusSeconds(1000));
            }
            assertEquals(BackupType.FULL, backup.type(), events.toString());
            assertNull(backup.parentBackupId(), events.toString());
        }
    }

    @Test
    void aRequestAloneRecordsNoTypeSinceNoWorkerTookAnything() {
        Backup backup = BackupTransitions.apply(null, new BackupRequested(ID, "db-main", BackupType.INCREMENTAL,
                "b-0", "s3", Compression.ZSTD, null, null, "scheduler", "nightly", T0, T0), T0);
        assertEquals(BackupStatus.REQUESTED, backup.status());
        assertNull(backup.type());
        assertNull(backup.parentBackupId());
        assertEquals(BackupType.INCREMENTAL, BackupTransitions.apply(backup, new SnapshotStarted(ID, "db-main",
                TargetKind.POSTGRES, "worker-2", BackupType.INCREMENTAL, "b-0", Compression.ZSTD, "s3", "nightly",
                T0.plusSeconds(5)), T0).type(), "a worker that took an incremental reports it");
    }

    @Test
    void rejectsEventsThatAreNotAboutBackups() {
        assertThrows(IllegalArgumentException.class, () -> BackupTransitions.apply(null, "text", T0));
    }
}
