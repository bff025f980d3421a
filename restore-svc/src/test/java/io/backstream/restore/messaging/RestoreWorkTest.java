package io.backstream.restore.messaging;

import io.backstream.restore.config.RestoreProperties;
import io.backstream.restore.fixture.LocalRestores;
import io.backstream.restore.fixture.TarArchives;
import io.backstream.schema.CloudEvent;
import io.backstream.schema.EventCodec;
import io.backstream.schema.event.RestoreFailed;
import io.backstream.schema.event.RestoreRequested;
import io.backstream.schema.manifest.BackupManifest;
import io.backstream.testkit.Archives;
import io.backstream.testkit.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Accepted restores are recorded until they end, and an {@link Error} ends one too: nothing stays pending. */
class RestoreWorkTest {

    @TempDir
    Path temp;

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
