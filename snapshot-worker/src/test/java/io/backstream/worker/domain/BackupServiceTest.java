package io.backstream.worker.domain;

import io.backstream.schema.BackupType;
import io.backstream.schema.Compression;
import io.backstream.schema.TargetKind;
import io.backstream.schema.event.BackupRequested;
import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.event.SnapshotFailed;
import io.backstream.schema.event.SnapshotSkipped;
import io.backstream.schema.event.SnapshotStarted;
import io.backstream.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which requests become backups, and what each outcome announces, with the Kafka and Micrometer ports faked. */
class BackupServiceTest {

    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");

    @TempDir
    Path temp;

    private final Map<String, TargetSpec> targets = new HashMap<>();
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final List<String> metrics = new CopyOnWriteArrayList<>();
    private final List<String> streamCalls = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean holdInBegin;
    private BackupService service;

    @AfterEach
    void stop() throws InterruptedException {
        release.countDown();
        if (service != null) {
            service.shutdown();
        }
    }

    @Test
    void aRequestForAnOwnedTargetIsArchivedAndAnnouncedAsAFullBackup() throws Exception {
        Path source = Files.createDirectories(temp.resolve("source"));
        Files.writeString(source.resolve("a.txt"), "hello");
        own("t-1", source);
        start(1);

        service.request(request("b-1", "t-1", BackupType.INCREMENTAL, NOW));

        SnapshotStarted started = next(SnapshotStarted.class);
        assertEquals("b-1", started.backupId());
        assertEquals("w-1", started.workerId());
        assertEquals(BackupType.FULL, started.type());
        SnapshotCompleted completed = next(SnapshotCompleted.class);
        assertEquals(BackupType.FULL, completed.type());
        assertEquals(1, completed.fileCount(), "the one file below the target's root");
        assertTrue(completed.warnings().contains(
                "incremental backups are not supported by this worker; a full backup was taken"), completed.warnings()
                .toString());
        assertEquals(List.of("open b-1", "begin", "chunk 0", "end b-1"), streamCalls);
        awaitMetric("run completed");
        assertEquals("archived t-1 " + completed.rawBytes() + " " + completed.storedBytes(), metrics.get(0));
    }

    @Test
    void requestsForOtherTargetsTooOldOrRepeatedAreIgnored() throws Exception {
        own("t-1", Files.createDirectories(temp.resolve("source")));
        start(1);

        service.request(request("b-1", "not-mine", BackupType.FULL, NOW));
        service.request(request("b-2", "t-1", BackupType.FULL, NOW.minus(Duration.ofHours(2))));
        service.request(request("b-3", "t-1", BackupType.FULL, NOW));
        next(SnapshotStarted.class);
        next(SnapshotCompleted.class);
        service.request(request("b-3", "t-1", BackupType.FULL, NOW));

        assertNull(events.poll(300, TimeUnit.MILLISECONDS), "nothing but b-3's backup is announced");
        assertEquals(List.of("open b-3", "begin", "chunk 0", "end b-3"), streamCalls);
    }

    @Test
    void aFailedBackupIsAnnouncedWithItsReasonAndItsStreamAborted() throws Exception {
        own("t-1", temp.resolve("missing"));
        start(1);

        service.request(request("b-1", "t-1", BackupType.FULL, NOW));

        next(SnapshotStarted.class);
        SnapshotFailed failed = next(SnapshotFailed.class);
        assertTrue(failed.reason().startsWith("target path " + temp.resolve("missing") + " does not exist"),
                failed.reason());
        assertEquals("w-1", failed.workerId());
        assertEquals(List.of("open b-1", "abort b-1"), streamCalls);
        awaitMetric("run failed");
    }

    @Test
    void aFailureReasonNeverCarriesTheTargetsPassword() throws Exception {
        String password = "s3cr3t-" + System.nanoTime();
        TargetSpec.Hook echoing = new TargetSpec.Hook(List.of("sh", "-c",
                "echo \"psql: connecting with password $0 failed\" >&2; exit 1", password), Duration.ofSeconds(30));
        targets.put("pg-1", new TargetSpec("pg-1", TargetKind.POSTGRES, null, List.of(), List.of(), echoing, null,
                Compression.ZSTD, 3, 64 * 1024, new TargetSpec.PostgresSource("127.0.0.1", 5432, "shop", "backup",
                () -> password, null, Duration.ofMinutes(1)), null));
        start(1);

        service.request(request("b-pg", "pg-1", BackupType.FULL, NOW));

        next(SnapshotStarted.class);
        SnapshotFailed failed = next(SnapshotFailed.class);
        assertTrue(failed.reason().contains("connecting with password *** failed"), failed.reason());
        assertTrue(!failed.reason().contains(password), failed.reason());
    }

    @Test
    void aTargetWhoseBackupStillRunsIsSkipped() throws Exception {
        own("t-1", Files.createDirectories(temp.resolve("source")));
        holdInBegin = true;
        start(1);

        service.request(request("b-1", "t-1", BackupType.FULL, NOW));
        next(SnapshotStarted.class);
        service.request(request("b-2", "t-1", BackupType.FULL, NOW));

        SnapshotSkipped skipped = next(SnapshotSkipped.class);
        assertEquals("b-2", skipped.backupId());
        assertEquals(BackupService.ALREADY_RUNNING, skipped.reason());
        assertTrue(metrics.contains("skipped"));
        release.countDown();
        next(SnapshotCompleted.class);
    }

    @Test
    void aRequestFindingEverySlotAndTheQueueTakenIsSkipped() throws Exception {
        for (int i = 0; i < 6; i++) {
            own("t-" + i, Files.createDirectories(temp.resolve("source-" + i)));
        }
        holdInBegin = true;
        start(1);

        service.request(request("b-0", "t-0", BackupType.FULL, NOW));
        next(SnapshotStarted.class);
        for (int i = 1; i <= 4; i++) {
            service.request(request("b-" + i, "t-" + i, BackupType.FULL, NOW));
        }
        service.request(request("b-5", "t-5", BackupType.FULL, NOW));

        SnapshotSkipped skipped = next(SnapshotSkipped.class);
        assertEquals("b-5", skipped.backupId());
        assertEquals(BackupService.WORKER_BUSY, skipped.reason());
    }

    @Test
    void aBackupRunningWhenTheWorkerStoppedIsReportedFailedAtStartAndItsStreamAborted() throws Exception {
        own("t-1", Files.createDirectories(temp.resolve("source")));
        BackupRequested request = request("b-1", "t-1", BackupType.FULL, NOW);
        BackupJournal journal = new BackupJournal(temp.resolve("state"));
        journal.accept(request);
        journal.started(request, new SnapshotStarted("b-1", "t-1", TargetKind.DIRECTORY, "w-1", BackupType.FULL, null,
                Compression.ZSTD, "local", "test", NOW));
        start(1);

        service.resume();

        SnapshotFailed failed = next(SnapshotFailed.class);
        assertEquals("b-1", failed.backupId());
        assertEquals(BackupService.WORKER_RESTARTED, failed.reason());
        assertEquals(List.of("open b-1", "abandon b-1"), streamCalls);
        assertTrue(journal.unfinished().isEmpty(), "reported once, then forgotten");
        service.request(request);
        assertNull(events.poll(300, TimeUnit.MILLISECONDS), "a redelivered request of it does not run");
    }

    @Test
    void aRequestAcceptedButNotStartedBeforeTheStopRunsOnceAtStart() throws Exception {
        own("t-1", Files.createDirectories(temp.resolve("source")));
        BackupRequested request = request("b-1", "t-1", BackupType.FULL, NOW);
        BackupRequested stale = request("b-2", "t-1", BackupType.FULL, NOW.minus(Duration.ofHours(2)));
        BackupJournal journal = new BackupJournal(temp.resolve("state"));
        journal.accept(request);
        journal.accept(stale);
        start(1);

        service.resume();
        service.request(request);

        assertEquals("b-1", next(SnapshotStarted.class).backupId());
        assertEquals("b-1", next(SnapshotCompleted.class).backupId());
        assertNull(events.poll(300, TimeUnit.MILLISECONDS), "the redelivered request and the stale one do not run");
        assertEquals(List.of("open b-1", "begin", "chunk 0", "end b-1"), streamCalls);
        assertTrue(journal.unfinished().isEmpty());
    }

    @Test
    void aRequestIsInTheJournalWhenRequestReturnsAndStartedBeforeItsStartIsAnnounced() throws Exception {
        own("t-1", Files.createDirectories(temp.resolve("source")));
        holdInBegin = true;
        start(1);
        BackupJournal journal = new BackupJournal(temp.resolve("state"));

        service.request(request("b-1", "t-1", BackupType.FULL, NOW));
        assertEquals(1, journal.unfinished().size(), "accepted durably before the listener moves on");
        next(SnapshotStarted.class);

        assertNotNull(journal.unfinished().get(0).started(), "a crash now is reported as worker-restarted");
        release.countDown();
        next(SnapshotCompleted.class);
        awaitMetric("run completed");
        assertTrue(journal.unfinished().isEmpty(), "finished once its outcome is announced");
    }

    private void own(String id, Path path) {
        targets.put(id, new TargetSpec(id, TargetKind.DIRECTORY, path, List.of(), List.of(), null, null,
                Compression.ZSTD, 3, 64 * 1024, null, null));
    }

    private void start(int slots) {
        service = new BackupService(id -> Optional.ofNullable(targets.get(id)),
                new BackupJournal(temp.resolve("state")), new RecordingEvents(),
                new RecordingMetrics(), this::open, new BackupService.Settings("w-1", slots, 1, 64 * 1024,
                Duration.ofHours(1), temp.resolve("spool")), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static BackupRequested request(String backupId, String targetId, BackupType type, Instant at) {
        return new BackupRequested(backupId, targetId, type, null, "local", null, null, null, "test", null, at, at);
    }

    private <T> T next(Class<T> type) throws InterruptedException {
        Object event = events.poll(10, TimeUnit.SECONDS);
        assertNotNull(event, "no event within 10 s; expected a " + type.getSimpleName());
        return assertInstanceOf(type, event);
    }

    private void awaitMetric(String metric) {
        Await.until(Duration.ofSeconds(10), () -> metrics.contains(metric), metric + " among " + metrics);
    }

    private ArchiveStream open(SnapshotStarted started) {
        streamCalls.add("open " + started.backupId());
        return new ArchiveStream() {
            @Override
            public void begin() {
                streamCalls.add("begin");
                if (holdInBegin) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }

            @Override
            public void chunk(FramedChunker.Chunk chunk) {
                streamCalls.add("chunk " + chunk.sequence());
            }

            @Override
            public void end(SnapshotCompleted completed) {
                streamCalls.add("end " + completed.backupId());
            }

            @Override
            public void abort(SnapshotFailed failed) throws IOException {
                streamCalls.add("abort " + failed.backupId());
            }

            @Override
            public void abandon(SnapshotFailed failed) {
                streamCalls.add("abandon " + failed.backupId());
            }
        };
    }

    private final class RecordingEvents implements SnapshotEvents {
        @Override
        public void started(SnapshotStarted event) {
            events.add(event);
        }

        @Override
        public void completed(SnapshotCompleted event) {
            events.add(event);
        }

        @Override
        public void failed(SnapshotFailed event) {
            events.add(event);
        }

        @Override
        public void skipped(SnapshotSkipped event) {
            events.add(event);
        }
    }

    private final class RecordingMetrics implements BackupMetrics {
        @Override
        public void archived(String targetId, long rawBytes, long storedBytes) {
            metrics.add("archived " + targetId + " " + rawBytes + " " + storedBytes);
        }

        @Override
        public void runFinished(Result result, Duration took) {
            metrics.add("run " + result.name().toLowerCase(java.util.Locale.ROOT));
        }

        @Override
        public void skipped() {
            metrics.add("skipped");
        }
    }
}
