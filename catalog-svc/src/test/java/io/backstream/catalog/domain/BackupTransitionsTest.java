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
import io.backstream.schema.event.UploadCompleted;
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

    private static final String KEY = "p/postgres-db-main-1.tar.zst";
    private static final String MANIFEST = KEY + ".manifest.json";

    /** The catalog's own decision to delete (retention or an operator), applied by markForDeletion. */
    private record Decided(DeleteRequested request) {
    }

    private static DeleteRequested deleteRequested() {
        return new DeleteRequested(ID, "s3", KEY, MANIFEST, "retention", "catalog", T0.plusSeconds(500));
    }

    private static Object decided() {
        return new Decided(deleteRequested());
    }

    private static Object deleted() {
        return new BackupDeleted(ID, "s3", KEY, T0.plusSeconds(510));
    }

    private static Object deleteFailed() {
        return new BackupDeleteFailed(ID, "s3", KEY, "object locked", T0.plusSeconds(510));
    }

    private static Object manifestDeleteFailed() {
        return new BackupDeleteFailed(ID, "s3", KEY, "storage-error: 503", T0.plusSeconds(510), List.of(KEY));
    }

    private static Object discovered() {
        return new BackupDiscovered(ID, "db-main", TargetKind.POSTGRES, BackupType.FULL, null, "s3", KEY,
                MANIFEST, 1000, SHA, 2, Compression.ZSTD, T0);
    }

    private static Backup replay(List<Object> events) {
        Backup backup = null;
        for (Object event : events) {
            backup = event instanceof Decided d
                    ? BackupTransitions.markForDeletion(backup, d.request(), T0.plusSeconds(1000))
                    : BackupTransitions.apply(backup, event, T0.plusSeconds(1000));
        }
        return backup;
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
                Arguments.of("deleting", List.of(started(), snapshot(), upload(), decided()),
                        BackupStatus.DELETING, null),
                Arguments.of("the decision read back changes nothing",
                        List.of(started(), snapshot(), upload(), decided(), deleteRequested()),
                        BackupStatus.DELETING, null),
                Arguments.of("deleted", List.of(started(), snapshot(), upload(), decided(), deleted()),
                        BackupStatus.DELETED, null),
                Arguments.of("delete failed returns to completed",
                        List.of(started(), snapshot(), upload(), decided(), deleteFailed()),
                        BackupStatus.COMPLETED, null),
                Arguments.of("a delete that removed the archive is partly deleted",
                        List.of(started(), snapshot(), upload(), decided(), manifestDeleteFailed()),
                        BackupStatus.PARTLY_DELETED, null),
                Arguments.of("a partly deleted backup stays so when the retry removes nothing",
                        List.of(started(), snapshot(), upload(), decided(), manifestDeleteFailed(), decided(),
                                deleteFailed()), BackupStatus.PARTLY_DELETED, null),
                Arguments.of("a retry finishes a partial delete",
                        List.of(started(), snapshot(), upload(), decided(), manifestDeleteFailed(), decided(),
                                deleted()), BackupStatus.DELETED, null),
                Arguments.of("delete failed after deleted changes nothing",
                        List.of(started(), snapshot(), upload(), decided(), deleted(), deleteFailed()),
                        BackupStatus.DELETED, null),
                Arguments.of("discovered", List.of(discovered()), BackupStatus.COMPLETED, null),
                Arguments.of("discovered completes a running backup", List.of(started(), discovered()),
                        BackupStatus.COMPLETED, null),
                Arguments.of("discovered after deletion changes nothing",
                        List.of(started(), snapshot(), upload(), decided(), deleted(), discovered()),
                        BackupStatus.DELETED, null),
                Arguments.of("discovered again changes nothing",
                        List.of(started(), snapshot(), upload(), discovered()), BackupStatus.COMPLETED, null),
                Arguments.of("discovered keeps a failure", List.of(started(), snapshotFailed(), discovered()),
                        BackupStatus.FAILED, "pg_dump exited 1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void sequenceEndsInState(String name, List<Object> events, BackupStatus status, String reason) {
        Backup backup = replay(events);
        assertEquals(status, backup.status(), name);
        assertEquals(reason, backup.failureReason(), name);
        assertEquals(ID, backup.id());
    }

    static Stream<Arguments> refusals() {
        List<Object> completed = List.of(started(), snapshot(), upload());
        List<Object> deleting = List.of(started(), snapshot(), upload(), decided());
        return Stream.of(
                Arguments.of("second upload with other checksum", completed,
                        Events.uploadCompleted(ID, 1000, 2, "b".repeat(64)), LifecycleChecks.CHECKSUM_MISMATCH),
                Arguments.of("second upload with other size", completed, Events.uploadCompleted(ID, 999, 2, SHA),
                        LifecycleChecks.CHECKSUM_MISMATCH),
                Arguments.of("second upload elsewhere", completed, new UploadCompleted(ID, "db-main", "gcs",
                        "other", KEY, MANIFEST, 1000, SHA, "e", 2, T0), LifecycleChecks.STORAGE_MISMATCH),
                Arguments.of("second upload with other key", completed, new UploadCompleted(ID, "db-main", "s3",
                        "backstream", "p/other.tar.zst", MANIFEST, 1000, SHA, "e", 2, T0),
                        LifecycleChecks.KEY_MISMATCH),
                Arguments.of("second disagreeing upload while uploading", List.of(started(), upload()),
                        Events.uploadCompleted(ID, 1000, 2, "b".repeat(64)), LifecycleChecks.CHECKSUM_MISMATCH),
                Arguments.of("second snapshot with other checksum", completed,
                        Events.snapshotCompleted(ID, 1000, 2, "b".repeat(64)), LifecycleChecks.CHECKSUM_MISMATCH),
                Arguments.of("discovered with other key", completed, new BackupDiscovered(ID, "db-main",
                        TargetKind.POSTGRES, BackupType.FULL, null, "s3", "p/other.tar.zst", MANIFEST, 1000, SHA, 2,
                        Compression.ZSTD, T0), LifecycleChecks.KEY_MISMATCH),
                Arguments.of("discovered elsewhere", completed, new BackupDiscovered(ID, "db-main",
                        TargetKind.POSTGRES, BackupType.FULL, null, "gcs", KEY, MANIFEST, 1000, SHA, 2,
                        Compression.ZSTD, T0), LifecycleChecks.STORAGE_MISMATCH),
                Arguments.of("discovered with other checksum", completed, new BackupDiscovered(ID, "db-main",
                        TargetKind.POSTGRES, BackupType.FULL, null, "s3", KEY, MANIFEST, 1000, "b".repeat(64), 2,
                        Compression.ZSTD, T0), LifecycleChecks.CHECKSUM_MISMATCH),
                Arguments.of("discovered disagreeing with a running snapshot", List.of(started(), snapshot()),
                        new BackupDiscovered(ID, "db-main", TargetKind.POSTGRES, BackupType.FULL, null, "s3", KEY,
                                MANIFEST, 1000, "b".repeat(64), 2, Compression.ZSTD, T0),
                        LifecycleChecks.CHECKSUM_MISMATCH),
                Arguments.of("delete request read from the topic", completed, deleteRequested(),
                        LifecycleChecks.NOT_DECIDED),
                Arguments.of("delete request for a running backup", List.of(started()), deleteRequested(),
                        LifecycleChecks.NOT_DECIDED),
                Arguments.of("delete request for an unknown backup", List.of(), deleteRequested(),
                        LifecycleChecks.NOT_DECIDED),
                Arguments.of("delete request with other keys for a deleting backup", deleting,
                        new DeleteRequested(ID, "s3", "p/other.tar.zst", MANIFEST, "x", "y", T0),
                        LifecycleChecks.KEY_MISMATCH),
                Arguments.of("deleted without a decision", completed, deleted(), LifecycleChecks.NOT_DELETING),
                Arguments.of("deleted for an unknown backup", List.of(), deleted(), LifecycleChecks.NOT_DELETING),
                Arguments.of("deleted elsewhere", deleting, new BackupDeleted(ID, "gcs", KEY, T0),
                        LifecycleChecks.STORAGE_MISMATCH),
                Arguments.of("deleted with other key", deleting, new BackupDeleted(ID, "s3", "p/x.tar.zst", T0),
                        LifecycleChecks.KEY_MISMATCH),
                Arguments.of("delete failed without a decision", completed, manifestDeleteFailed(),
                        LifecycleChecks.NOT_DELETING),
                Arguments.of("start elsewhere for a completed backup", completed, new SnapshotStarted(ID, "db-main",
                        TargetKind.POSTGRES, "worker-1", BackupType.FULL, null, Compression.ZSTD, "gcs", "nightly",
                        T0), LifecycleChecks.STORAGE_MISMATCH));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void anEventThatDisagreesWithTheRecordIsRefused(String name, List<Object> before, Object event, String reason) {
        Backup backup = replay(before);
        LifecycleEventRefused refused = assertThrows(LifecycleEventRefused.class,
                () -> BackupTransitions.apply(backup, event, T0.plusSeconds(2000)), name);
        assertEquals(reason, refused.reason(), name);
    }

    @Test
    void onlyACompletedOrPartlyDeletedBackupCanBeMarkedForDeletion() {
        for (List<Object> before : List.of(List.of(started()), List.of(started(), snapshotFailed()),
                List.of(started(), snapshot(), upload(), decided()))) {
            Backup backup = replay(before);
            assertEquals(LifecycleChecks.NOT_DELETABLE, assertThrows(LifecycleEventRefused.class,
                    () -> BackupTransitions.markForDeletion(backup, deleteRequested(), T0)).reason(),
                    before.toString());
        }
    }

    @Test
    void aPartialDeleteRemembersTheKeysItRemovedAcrossRetries() {
        Backup backup = replay(List.of(started(), snapshot(), upload(), decided(), manifestDeleteFailed(), decided(),
                new BackupDeleteFailed(ID, "s3", KEY, "storage-error", T0.plusSeconds(600),
                        List.of(KEY, "p/not-this-backups.tar.zst"))));
        assertEquals(BackupStatus.PARTLY_DELETED, backup.status());
        assertEquals(List.of(KEY), backup.deletion().deletedKeys(), "only the backup's own keys are recorded");
        assertEquals("storage-error", backup.deletion().failureReason());
    }

    @Test
    void aLateReportDoesNotChangeTheTypeOfAFinishedBackup() {
        Backup backup = replay(List.of(started(), snapshot(), upload(), new SnapshotStarted(ID, "db-main",
                TargetKind.POSTGRES, "worker-1", BackupType.INCREMENTAL, "b-0", Compression.ZSTD, "s3", "nightly",
                T0)));
        assertEquals(BackupType.FULL, backup.type());
        assertNull(backup.parentBackupId());
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
