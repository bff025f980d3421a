package io.backstream.restore.messaging;

import io.backstream.restore.config.RestoreProperties;
import io.backstream.restore.fixture.LocalRestores;
import io.backstream.restore.fixture.TarArchives;
import io.backstream.schema.CloudEvent;
import io.backstream.schema.EventCodec;
import io.backstream.schema.event.RestoreCompleted;
import io.backstream.schema.event.RestoreFailed;
import io.backstream.schema.event.RestoreRequested;
import io.backstream.schema.manifest.BackupManifest;
import io.backstream.testkit.Archives;
import io.backstream.testkit.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Accepted restores are recorded until they end, and an {@link Error} ends one too; one that every start found
 * unfinished is given up: nothing stays pending for ever.
 */
class RestoreWorkTest {

    @TempDir
    Path temp;

    @Test
    void aRestoreThatWasUnfinishedAtEveryStartIsGivenUpInsteadOfRunForEver() throws Exception {
        Path pendingDir = temp.resolve("pending");
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try (LocalRestores restores = new LocalRestores(temp, Files.createDirectory(temp.resolve("restores")),
                temp.resolve("scratch"))) {
            TarArchives.Stored backup = restores.store(List.of(new Archives.Entry("a.txt",
                    BackupManifest.FileType.FILE, "a\n".getBytes(StandardCharsets.UTF_8), 0644, Instant.EPOCH, null)));
            EventCodec codec = new EventCodec();
            PendingWork pending = new PendingWork(pendingDir);
            RestoreRequested doomed = LocalRestores.request(backup.backupId(), restores.root().resolve("doomed"), false);
            CloudEvent<?> doomedEvent = codec.create("/restore-work-test", doomed.restoreId(), doomed);
            pending.add(doomedEvent.id(), codec.encode(doomedEvent));
            for (int start = 0; start < RestoreWork.MAX_RESUMES; start++) {
                pending.resumed(doomedEvent.id());
            }
            RestoreRequested resumed = LocalRestores.request(backup.backupId(), restores.root().resolve("resumed"), false);
            CloudEvent<?> resumedEvent = codec.create("/restore-work-test", resumed.restoreId(), resumed);
            pending.add(resumedEvent.id(), codec.encode(resumedEvent));
            pending.resumed(resumedEvent.id());

            RestoreWork work = new RestoreWork(new RestoreProperties(), pending, codec, restores.service(writers), null);
            work.resumePending();
            Await.until(Duration.ofSeconds(30), () -> restores.outcome(doomed.restoreId()).isPresent()
                    && restores.outcome(resumed.restoreId()).isPresent(), "both restores end");
            Object outcome = restores.outcome(doomed.restoreId()).orElseThrow();
            assertInstanceOf(RestoreFailed.class, outcome);
            assertTrue(((RestoreFailed) outcome).reason().startsWith("restarted-too-often"), outcome.toString());
            assertFalse(restores.started(doomed.restoreId()), "given up without running it again");
            assertInstanceOf(RestoreCompleted.class, restores.outcome(resumed.restoreId()).orElseThrow(),
                    "a restore resumed fewer times runs again");
            Await.until(Duration.ofSeconds(30), () -> listFiles(pendingDir).isEmpty(), "nothing left pending");
            work.shutdown();
        } finally {
            writers.shutdownNow();
        }
    }

    private static List<Path> listFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aRestoreThatRunsOutOfMemoryIsReportedFailedAndNoLongerPending() throws Exception {
        ThreadPoolExecutor outOfMemory = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>()) {
            @Override
            public void execute(Runnable command) {
                throw new OutOfMemoryError("Java heap space (thrown by the test)");
            }
        };
        Path pendingDir = temp.resolve("pending");
        try (LocalRestores restores = new LocalRestores(temp, Files.createDirectory(temp.resolve("restores")),
                temp.resolve("scratch"))) {
            TarArchives.Stored backup = restores.store(List.of(new Archives.Entry("a.txt",
                    BackupManifest.FileType.FILE, "a\n".getBytes(StandardCharsets.UTF_8), 0644, Instant.EPOCH, null)));
            RestoreWork work = new RestoreWork(new RestoreProperties(), new PendingWork(pendingDir), new EventCodec(),
                    restores.service(outOfMemory), null);
            RestoreRequested request = LocalRestores.request(backup.backupId(), restores.root().resolve("d"), false);
            EventCodec codec = new EventCodec();
            CloudEvent<?> event = codec.create("/restore-work-test", request.restoreId(), request);

            work.accept(event, codec.encode(event));
            Await.until(Duration.ofSeconds(30), () -> restores.outcome(request.restoreId()).isPresent(),
                    "the restore ends");
            Object outcome = restores.outcome(request.restoreId()).orElseThrow();
            assertInstanceOf(RestoreFailed.class, outcome);
            assertTrue(((RestoreFailed) outcome).reason().startsWith("out-of-memory"), outcome.toString());
            Await.until(Duration.ofSeconds(30), () -> !new PendingWork(pendingDir).contains(event.id()),
                    "the request is no longer pending, so a restart does not run it again");
            work.shutdown();
        } finally {
            outOfMemory.shutdownNow();
        }
    }
}
