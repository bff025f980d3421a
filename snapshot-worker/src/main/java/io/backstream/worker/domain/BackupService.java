package io.backstream.worker.domain;

import io.backstream.schema.BackupType;
import io.backstream.schema.Compression;
import io.backstream.schema.FrameCodec;
import io.backstream.schema.event.BackupRequested;
import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.event.SnapshotFailed;
import io.backstream.schema.event.SnapshotSkipped;
import io.backstream.schema.event.SnapshotStarted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Turns {@code BackupRequested} events for owned targets into backups: ignores other targets,
 * repeated backup ids and requests older than {@link Settings#maxRequestAge()}, runs at most one backup
 * per target at a time (a request for a busy target is answered with {@code SnapshotSkipped} reason
 * {@value #ALREADY_RUNNING}), runs backups on a bounded executor, and announces every outcome on
 * {@link SnapshotEvents}. Every accepted request is in the {@link BackupJournal} before
 * {@link #request} returns, so a worker killed at any point loses none: {@link #resume} runs again what
 * had not started and reports what had started as failed with reason {@value #WORKER_RESTARTED}.
 */
public class BackupService {

    /** Reason of the SnapshotSkipped sent when the target's previous backup still runs. */
    public static final String ALREADY_RUNNING = "already-running";
    /** Reason of the SnapshotSkipped sent when every backup slot and the queue are taken. */
    public static final String WORKER_BUSY = "worker-busy";
    /** Reason of the SnapshotFailed sent at start-up for a backup that was running when the worker stopped. */
    public static final String WORKER_RESTARTED = "worker-restarted";

    private static final Logger LOG = LoggerFactory.getLogger(BackupService.class);
    /** Finished journal entries are swept at most this often: a sweep reads the whole directory. */
    private static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

    /**
     * How the worker runs backups.
     *
     * @param workerId             this worker's id, in every event
     * @param maxConcurrentBackups backups running at once; four times as many wait in the queue
     * @param compressionThreads   threads compressing frames; 0 means one per core
     * @param frameSize            raw bytes per compression frame
     * @param maxRequestAge        requests older than this are ignored
     * @param spoolDir             where database dumps are spooled
     */
    public record Settings(String workerId, int maxConcurrentBackups, int compressionThreads, int frameSize,
                           Duration maxRequestAge, Path spoolDir) {
    }

    private final OwnedTargets targets;
    private final BackupJournal journal;
    private final SnapshotEvents events;
    private final BackupMetrics metrics;
    private final ArchiveStream.Opener streams;
    private final Settings settings;
    private final Clock clock;
    private final ExecutorService compressionPool;
    private final ThreadPoolExecutor backupPool;
    private final SnapshotEngine engine;
    private final Set<String> runningTargets = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Instant> lastSweep = new AtomicReference<>(Instant.MIN);

    public BackupService(OwnedTargets targets, BackupJournal journal, SnapshotEvents events, BackupMetrics metrics,
                         ArchiveStream.Opener streams, Settings settings, Clock clock) {
        this.targets = targets;
        this.journal = journal;
        this.events = events;
        this.metrics = metrics;
        this.streams = streams;
        this.settings = settings;
        this.clock = clock;
        int threads = settings.compressionThreads() > 0 ? settings.compressionThreads()
                : Runtime.getRuntime().availableProcessors();
        this.compressionPool = Executors.newFixedThreadPool(threads, daemonThreads("frame-compressor"));
        int slots = settings.maxConcurrentBackups();
        this.backupPool = new ThreadPoolExecutor(slots, slots, 1, TimeUnit.MINUTES,
                new ArrayBlockingQueue<>(slots * 4), daemonThreads("backup"));
        // frames in flight: enough to keep every compressor busy while the writer fills the next one
        this.engine = new SnapshotEngine(compressionPool, settings.frameSize(), threads * 2 + 1, settings.spoolDir());
    }

    /**
     * Accepts a request from the listener thread and returns once it is recorded in the journal (its
     * offset may then be committed); the backup runs later. A backup id the journal knows is ignored.
     */
    public synchronized void request(BackupRequested request) {
        TargetSpec target = runnableTarget(request);
        if (target == null) {
            return;
        }
        if (!journal.accept(request)) {
            LOG.info("Ignoring repeated request for backup {}", request.backupId());
            return;
        }
        schedule(target, new BackupJournal.Entry(request, null, null));
    }

    /**
     * Settles what the journal holds from before the last stop; call it once, before any request. A
     * backup that had started is announced as failed ({@value #WORKER_RESTARTED}) and its chunk stream
     * aborted; a request that had not started is scheduled as if it had just arrived.
     */
    public synchronized void resume() {
        journal.forgetFinishedBefore(oldestRunnable(clock.instant()));
        for (BackupJournal.Entry entry : journal.unfinished()) {
            BackupRequested request = entry.request();
            if (entry.started() != null) {
                failRestarted(entry);
                continue;
            }
            TargetSpec target = runnableTarget(request);
            if (target == null) {
                forget(entry);
                continue;
            }
            LOG.info("Backup {} of {} was accepted before the last stop and had not started: it runs now",
                    request.backupId(), target.id());
            schedule(target, entry);
        }
    }

    /** The owned target of a request young enough to run, or null (logged) for one to ignore. */
    private TargetSpec runnableTarget(BackupRequested request) {
        TargetSpec target = targets.find(request.targetId()).orElse(null);
        if (target == null) {
            LOG.debug("Ignoring backup {} of target {}: not owned by this worker", request.backupId(), request.targetId());
            return null;
        }
        if (request.requestedAt() != null
                && request.requestedAt().isBefore(oldestRunnable(clock.instant()))) {
            LOG.info("Ignoring backup {} of {}: requested at {}, older than backstream.worker.max-request-age {}",
                    request.backupId(), target.id(), request.requestedAt(), settings.maxRequestAge());
            return null;
        }
        return target;
    }

    /** Requests older than this are ignored, so finished entries older than this need not be kept. */
    private Instant oldestRunnable(Instant now) {
        return now.minus(settings.maxRequestAge());
    }

    private void schedule(TargetSpec target, BackupJournal.Entry entry) {
        if (!runningTargets.add(target.id())) {
            skip(entry, ALREADY_RUNNING);
            return;
        }
        try {
            backupPool.execute(() -> {
                try {
                    run(target, entry.request());
                } finally {
                    runningTargets.remove(target.id());
                }
            });
        } catch (RejectedExecutionException e) {
            runningTargets.remove(target.id());
            skip(entry, WORKER_BUSY);
        }
    }

    private void failRestarted(BackupJournal.Entry entry) {
        SnapshotStarted started = entry.started();
        LOG.warn("Backup {} of {} was running when the worker stopped: it is reported failed",
                started.backupId(), started.targetId());
        SnapshotFailed failed = new SnapshotFailed(started.backupId(), started.targetId(), settings.workerId(),
                WORKER_RESTARTED, clock.instant());
        try {
            streams.open(started).abandon(failed);
        } catch (IOException | RuntimeException e) {
            LOG.error("Could not abort the chunk stream of backup {}", started.backupId(), e);
        }
        try {
            events.failed(failed);
            forget(entry);
        } catch (RuntimeException e) {
            LOG.error("Could not report the failure of backup {}; it is reported at the next start",
                    started.backupId(), e);
        }
    }

    private void run(TargetSpec target, BackupRequested request) {
        Compression compression = request.compression() != null ? request.compression() : target.compression();
        int level = level(target, request, compression);
        List<String> warnings = new ArrayList<>();
        if (request.type() == BackupType.INCREMENTAL) {
            warnings.add("incremental backups are not supported by this worker; a full backup was taken");
        }
        Instant startedAt = clock.instant();
        SnapshotStarted started = new SnapshotStarted(request.backupId(), target.id(), target.kind(), settings.workerId(),
                BackupType.FULL, null, compression, request.storage(), request.policyId(), startedAt);
        long startedNanos = System.nanoTime();
        BackupMetrics.Result result = BackupMetrics.Result.FAILED;
        BackupJournal.Entry entry = new BackupJournal.Entry(request, started, null);
        boolean announced = false;
        ArchiveStream stream = streams.open(started);
        try {
            // recorded first: a worker that dies after announcing the start reports the backup failed when it restarts
            journal.started(request, started);
            events.started(started);
            SnapshotEngine.Result archive = engine.run(new SnapshotEngine.Job(request.backupId(), target, compression,
                    level), stream);
            warnings.addAll(archive.warnings());
            SnapshotCompleted completed = new SnapshotCompleted(request.backupId(), target.id(), target.kind(),
                    settings.workerId(), BackupType.FULL, null, compression, request.encryptionKeyId(), request.storage(),
                    request.policyId(), archive.chunkCount(), archive.rawBytes(), archive.storedBytes(),
                    archive.sha256(), archive.fileCount(), warnings, startedAt, clock.instant());
            stream.end(completed);
            events.completed(completed);
            announced = true;
            result = BackupMetrics.Result.COMPLETED;
            metrics.archived(target.id(), archive.rawBytes(), archive.storedBytes());
            double seconds = Math.max(0.001, Duration.between(startedAt, completed.completedAt()).toMillis()
                    / 1000.0);
            LOG.info("Backup {} of {} completed in {} s ({} MB/s raw): {} chunks, {} raw bytes, {} stored bytes,"
                            + " {} entries, {} warnings", request.backupId(), target.id(), seconds,
                    Math.round(archive.rawBytes() / seconds / 1_000_000), archive.chunkCount(), archive.rawBytes(),
                    archive.storedBytes(), archive.fileCount(), warnings.size());
        } catch (BackupFailedException e) {
            announced = fail(target, request, stream, e.getMessage());
        } catch (IOException | RuntimeException | LinkageError e) {
            // a LinkageError (a class missing from a broken deployment) must fail the backup, not kill the thread
            LOG.error("Backup {} of {} failed unexpectedly", request.backupId(), target.id(), e);
            announced = fail(target, request, stream, "internal error in the worker: " + e);
        } finally {
            // an outcome that could not be announced stays started: the next start reports it
            if (announced) {
                forget(entry);
            }
            metrics.runFinished(result, Duration.ofNanos(System.nanoTime() - startedNanos));
        }
    }

    /** Announces the failure; false when it could not be published. */
    private boolean fail(TargetSpec target, BackupRequested request, ArchiveStream stream, String cause) {
        String reason = target.redact(cause);
        LOG.warn("Backup {} of {} failed: {}", request.backupId(), target.id(), reason);
        SnapshotFailed failed = new SnapshotFailed(request.backupId(), target.id(), settings.workerId(), reason,
                clock.instant());
        try {
            stream.abort(failed);
        } catch (IOException | RuntimeException e) {
            LOG.error("Could not abort the chunk stream of backup {}", request.backupId(), e);
        }
        try {
            events.failed(failed);
            return true;
        } catch (RuntimeException e) {
            LOG.error("Could not report the failure of backup {}", request.backupId(), e);
            return false;
        }
    }

    private void skip(BackupJournal.Entry entry, String reason) {
        BackupRequested request = entry.request();
        LOG.info("Skipping backup {} of {}: {}", request.backupId(), request.targetId(), reason);
        metrics.skipped();
        events.skipped(new SnapshotSkipped(request.backupId(), request.targetId(), request.policyId(), reason,
                clock.instant()));
        forget(entry);
    }

    /** Marks the entry finished (kept for max-request-age to recognise a redelivery) and sweeps older ones. */
    private void forget(BackupJournal.Entry entry) {
        Instant now = clock.instant();
        try {
            journal.finished(entry, now);
            Instant last = lastSweep.get();
            if (last.isBefore(now.minus(SWEEP_INTERVAL)) && lastSweep.compareAndSet(last, now)) {
                journal.forgetFinishedBefore(oldestRunnable(now));
            }
        } catch (UncheckedIOException e) {
            LOG.error("Could not record the end of backup {} in the state directory; a restart may report it again",
                    entry.request().backupId(), e);
        }
    }

    private static int level(TargetSpec target, BackupRequested request, Compression compression) {
        Integer requested = request.compressionLevel();
        if (requested != null && FrameCodec.validLevel(compression, requested)) {
            return requested;
        }
        if (compression == target.compression()) {
            return target.level();
        }
        return compression == Compression.ZSTD ? 3 : 6;
    }

    /** Stops the running backups (waiting up to 30 s for them to fail) and the compressors. */
    public void shutdown() throws InterruptedException {
        backupPool.shutdownNow();
        backupPool.awaitTermination(30, TimeUnit.SECONDS);
        compressionPool.shutdownNow();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
