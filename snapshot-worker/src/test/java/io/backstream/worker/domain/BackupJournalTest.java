package io.backstream.worker.domain;

import io.backstream.schema.BackupType;
import io.backstream.schema.Compression;
import io.backstream.schema.TargetKind;
import io.backstream.schema.event.BackupRequested;
import io.backstream.schema.event.SnapshotStarted;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a restarted worker reads back from its state directory. */
class BackupJournalTest {

    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void entriesSurviveANewInstanceOldestRequestFirstUntilFinished() {
        BackupJournal journal = new BackupJournal(dir);
        BackupRequested later = request("b-2", NOW);
        BackupRequested earlier = request("b-1", NOW.minusSeconds(60));
        assertTrue(journal.accept(later));
        assertTrue(journal.accept(earlier));
        SnapshotStarted started = new SnapshotStarted("b-1", "t-1", TargetKind.DIRECTORY, "w-1", BackupType.FULL, null,
                Compression.ZSTD, "local", "test", NOW);
        journal.started(earlier, started);

        List<BackupJournal.Entry> reread = new BackupJournal(dir).unfinished();
        assertEquals(List.of(new BackupJournal.Entry(earlier, started, null), new BackupJournal.Entry(later, null, null)),
                reread);

        journal.finished(reread.get(1), NOW);
        assertEquals(List.of("b-1"), new BackupJournal(dir).unfinished().stream()
                .map(e -> e.request().backupId()).toList());
    }

    @Test
    void aKnownBackupIdIsNotAcceptedAgainUntilItsFinishedEntryIsForgotten() throws Exception {
        BackupJournal journal = new BackupJournal(dir);
        BackupRequested request = request("../../etc/passwd", NOW);
        assertTrue(journal.accept(request));
        assertFalse(journal.accept(request), "a redelivered request");
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.allMatch(f -> f.getFileName().toString().matches("[0-9a-f]{64}\\.json")),
                    "files are named by the hash of the backup id, never by the id itself");
        }

        journal.finished(new BackupJournal.Entry(request, null, null), NOW);
        journal.forgetFinishedBefore(NOW);
        assertFalse(journal.accept(request), "kept while a redelivery may still come");
        journal.forgetFinishedBefore(NOW.plusSeconds(1));
        assertTrue(journal.unfinished().isEmpty());
        assertTrue(journal.accept(request));
        assertNull(journal.unfinished().get(0).started());
    }

    private static BackupRequested request(String backupId, Instant at) {
        return new BackupRequested(backupId, "t-1", BackupType.FULL, null, "local", null, null, null, "test", null, at,
                at);
    }
}
