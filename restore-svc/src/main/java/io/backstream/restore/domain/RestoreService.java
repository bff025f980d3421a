package io.backstream.restore.domain;

import io.backstream.schema.TargetKind;
import io.backstream.schema.event.BackupVerificationFailed;
import io.backstream.schema.event.BackupVerified;
import io.backstream.schema.event.RestoreCompleted;
import io.backstream.schema.event.RestoreDestination;
import io.backstream.schema.event.RestoreFailed;
import io.backstream.schema.event.RestoreProgress;
import io.backstream.schema.event.RestoreRequested;
import io.backstream.schema.event.RestoreStarted;
import io.backstream.schema.manifest.BackupManifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.stream.Stream;

/**
 * Runs one {@link RestoreRequested}: resolves the backups through the {@link Catalog}, checks every chunk and
 * archive checksum, extracts safely into a staging directory beside the destination and swaps it in only when
 * everything checked out (a failed restore leaves the destination as it was), or restores a PostgreSQL dump, or
 * runs a verification drill in scratch space. Reports through {@link RestoreEvents}; never throws, not even for an
 * {@link Error} such as {@link OutOfMemoryError}: whatever stops a restore ends it with {@code RestoreFailed}, its
 * staging removed, so the work that asked for it is finished rather than retried for ever.
 *
 * <p>This class orders the stages and reports them; {@link DestinationPolicy} says where it may write,
 * {@link ChainLoader} loads the chain, {@link RestorePlan} says what to read of each archive and {@link Staging}
 * makes the result final; {@link FreeSpace} refuses a restore the disk cannot hold before anything is written.
 */
public final class RestoreService {

    /**
     * Settings a restore needs.
     *
     * @param allowedDatabases patterns of the databases POSTGRES restores may write ({@link DestinationPolicy})
     * @param catalogDatabase  the catalog's own database, never restored into; null or blank for none
     */
    public record Settings(List<Path> allowedRoots, List<String> allowedDatabases, String catalogDatabase,
                           Path scratchDir, int parallelFetches, Duration progressInterval) {
    }

    /** Counts runs and bytes. */
    public interface Metrics {
        void run(String result);

        void bytes(long bytes);
    }

    private static final Logger LOG = LoggerFactory.getLogger(RestoreService.class);
    private static final long PROGRESS_BYTES = 64L * 1024 * 1024;

    private final ChainLoader loader;
    private final RestoreEvents events;
    private final PostgresRestorer postgres;
    private final ExecutorService fetchPool;
    private final ExecutorService fileWritePool;
    private final Settings settings;
    private final DestinationPolicy destinations;
    private final Metrics metrics;
    private final Staging staging;
    private final Clock clock;
    private final Set<Path> busy = ConcurrentHashMap.newKeySet();

    public RestoreService(Catalog catalog, Storages storages, RestoreEvents events, PostgresRestorer postgres,
                          ExecutorService fetchPool, ExecutorService fileWritePool, Settings settings, Metrics metrics,
                          Clock clock) {
        this.loader = new ChainLoader(catalog, storages);
        this.events = events;
        this.postgres = postgres;
        this.fetchPool = fetchPool;
        this.fileWritePool = fileWritePool;
        this.settings = settings;
        this.destinations = new DestinationPolicy(settings.allowedRoots(), settings.allowedDatabases(),
                settings.catalogDatabase());
        this.metrics = metrics;
        this.staging = new Staging(settings.scratchDir(), clock);
        this.clock = clock;
    }

    /** Runs the request to its end and emits its events. */
    public void run(RestoreRequested request) {
        Instant started = clock.instant();
        List<LoadedBackup> chain = List.of();
        try {
            Path destination = checkRequest(request);
            chain = loader.load(request);
            if (request.verifyOnly()) {
                drill(request, chain, started);
            } else if (request.destination().kind() == RestoreDestination.Kind.POSTGRES) {
                restorePostgres(request, chain, started);
            } else {
                restoreDirectory(request, destination, chain, started);
            }
            metrics.run("success");
        } catch (RestoreFailure failure) {
            fail(request, chain, failure.reason());
        } catch (IOException | RuntimeException e) {
            if (FreeSpace.isDiskFull(e)) {
                fail(request, chain, "insufficient-space: the disk filled up while restoring: " + e.getMessage());
            } else {
                LOG.error("Restore {} failed unexpectedly", request.restoreId(), e);
                fail(request, chain, "internal-error: " + e);
            }
        } catch (OutOfMemoryError e) {
            // the restore's buffers are unreachable by now, so there is room to report it
            LOG.error("Restore {} ran out of memory", request.restoreId(), e);
            fail(request, chain, "out-of-memory: " + e.getMessage());
        } catch (Error e) {
            LOG.error("Restore {} failed with an error", request.restoreId(), e);
            fail(request, chain, "internal-error: " + e);
        }
    }

    /** Reports a restore failed without running it, for one that cannot be run any more. */
    public void giveUp(RestoreRequested request, String reason) {
        fail(request, List.of(), reason);
    }

    private void fail(RestoreRequested request, List<LoadedBackup> chain, String reason) {
        metrics.run("failure");
        LOG.warn("Restore {} failed: {}", request.restoreId(), reason);
        String backupId = request.backupId() != null ? request.backupId()
                : chain.isEmpty() ? null : chain.get(chain.size() - 1).location().backupId();
        if (request.verifyOnly()) {
            List<String> ids = chain.isEmpty() ? (backupId == null ? List.of() : List.of(backupId))
                    : LoadedBackup.ids(chain);
            for (String id : ids) {
                events.verificationFailed(new BackupVerificationFailed(id, request.restoreId(), reason, clock.instant()));
            }
        }
        events.failed(new RestoreFailed(request.restoreId(), backupId, reason, clock.instant()));
    }

    private Path checkRequest(RestoreRequested request) {
        if (request.backupId() == null && (request.targetId() == null || request.pointInTime() == null)) {
            throw new RestoreFailure("invalid-request", "name a backupId, or a targetId and a pointInTime");
        }
        if (request.verifyOnly()) {
            return null;
        }
        return destinations.check(request.destination());
    }

    private void restoreDirectory(RestoreRequested request, Path destination, List<LoadedBackup> chain, Instant started)
            throws IOException {
        if (!busy.add(destination)) {
            throw new RestoreFailure("destination-busy", "another restore is writing " + destination);
        }
        try {
            LoadedBackup newest = chain.get(chain.size() - 1);
            if (staging.holds(destination, chain)) {
                LOG.info("Restore {}: {} already holds backup {}; nothing to do", request.restoreId(), destination,
                        newest.location().backupId());
                events.completed(new RestoreCompleted(request.restoreId(), LoadedBackup.ids(chain), 0, 0,
                        Duration.between(started, clock.instant()).toMillis(), clock.instant()));
                return;
            }
            DestinationPolicy.checkOverwrite(destination, request.overwrite(), staging.holdsARestore(destination));
            FreeSpace.check(destination, needed(request, chain));
            Path staged = staging.stagingFor(destination, request.restoreId());
            try {
                Progress progress = start(request, chain);
                long files = extractAll(request, chain, staged, progress);
                staging.commit(staged, destination, request.restoreId(), chain);
                complete(request, chain, progress, files, started);
            } finally {
                LocalFiles.deleteTree(staged);
            }
        } finally {
            busy.remove(destination);
        }
    }

    private void restorePostgres(RestoreRequested request, List<LoadedBackup> chain, Instant started) throws IOException {
        FreeSpace.check(settings.scratchDir(), needed(request, chain));
        Path scratch = staging.scratch("pg", request.restoreId());
        try {
            Progress progress = start(request, chain);
            long files = extractAll(request, chain, scratch, progress);
            postgres.restore(findDump(scratch), request.destination().database(), request.overwrite());
            complete(request, chain, progress, files, started);
        } finally {
            LocalFiles.deleteTree(scratch);
        }
    }

    private void drill(RestoreRequested request, List<LoadedBackup> chain, Instant started) throws IOException {
        FreeSpace.check(settings.scratchDir(), needed(request, chain));
        Path scratch = staging.scratch("drill", request.restoreId());
        try {
            Progress progress = start(request, chain);
            long files = extractAll(request, chain, scratch, progress);
            if (chain.stream().anyMatch(l -> l.manifest().targetKind() == TargetKind.POSTGRES)) {
                postgres.list(findDump(scratch));
            }
            for (LoadedBackup loaded : chain) {
                events.verified(new BackupVerified(loaded.location().backupId(), request.restoreId(),
                        loaded.manifest().archiveSize(), loaded.manifest().files().size(), clock.instant()));
            }
            complete(request, chain, progress, files, started);
        } finally {
            LocalFiles.deleteTree(scratch);
        }
    }

    private static long needed(RestoreRequested request, List<LoadedBackup> chain) {
        return FreeSpace.needed(chain, new RestorePlan(request.includePaths()), !request.includePaths().isEmpty());
    }

    private static Path findDump(Path dir) throws IOException {
        List<Path> dumps;
        try (Stream<Path> files = Files.walk(dir)) {
            dumps = files.filter(p -> p.getFileName().toString().endsWith(".dump") && Files.isRegularFile(p)).toList();
        }
        if (dumps.size() != 1) {
            throw new RestoreFailure("not-a-postgres-backup", "expected one .dump file in the archive, found "
                    + dumps.size());
        }
        return dumps.get(0);
    }

    /** Fetches, checks and extracts every archive of the chain in order; returns the entries extracted. */
    private long extractAll(RestoreRequested request, List<LoadedBackup> chain, Path into, Progress progress)
            throws IOException {
        RestorePlan plan = new RestorePlan(request.includePaths());
        SafeExtractor extractor = new SafeExtractor(into, fileWritePool);
        long files = 0;
        boolean selectedAny = false;
        for (LoadedBackup loaded : chain) {
            List<BackupManifest.FileEntry> expected = plan.expected(loaded.manifest());
            selectedAny |= !expected.isEmpty();
            extractor.extracted().clear();
            extractor.expect(expected);
            for (RestorePlan.Run run : plan.runs(loaded.manifest())) {
                try (ChunkStream stream = new ChunkStream(loaded.storage(), loaded.location().key(), loaded.manifest(),
                        run.first(), run.last(), fetchPool, settings.parallelFetches(), progress::add)) {
                    long skip = RestorePlan.skip(loaded.manifest(), run);
                    if (stream.skip(skip) != skip) {
                        throw new RestoreFailure("checksum-mismatch", "archive " + loaded.location().key()
                                + " ends before raw offset " + run.rawStart());
                    }
                    extractor.extract(stream, plan::wants, run.entries());
                    if (run.entries() < 0) {
                        stream.drain();
                    }
                }
            }
            RestorePlan.checkExtracted(loaded, expected, extractor.extracted());
            files += extractor.extracted().size();
        }
        plan.checkSelectedAny(selectedAny);
        extractor.finish();
        return files;
    }

    private Progress start(RestoreRequested request, List<LoadedBackup> chain) {
        long total = chain.stream().mapToLong(l -> l.manifest().archiveSize()).sum();
        events.started(new RestoreStarted(request.restoreId(), LoadedBackup.ids(chain), request.destination(), total,
                clock.instant()));
        return new Progress(request.restoreId(), total);
    }

    private void complete(RestoreRequested request, List<LoadedBackup> chain, Progress progress, long files,
                          Instant started) {
        Instant now = clock.instant();
        events.completed(new RestoreCompleted(request.restoreId(), LoadedBackup.ids(chain), progress.done, files,
                Duration.between(started, now).toMillis(), now));
    }

    /** Emits progress at least every {@code progressInterval} or 64 MiB, whichever comes first. */
    private final class Progress {
        private final String restoreId;
        private final long total;
        private long done;
        private long reportedBytes;
        private Instant reportedAt;

        Progress(String restoreId, long total) {
            this.restoreId = restoreId;
            this.total = total;
            this.reportedAt = clock.instant();
        }

        void add(long bytes) {
            done += bytes;
            metrics.bytes(bytes);
            Instant now = clock.instant();
            if (done - reportedBytes >= PROGRESS_BYTES
                    || Duration.between(reportedAt, now).compareTo(settings.progressInterval()) >= 0) {
                reportedBytes = done;
                reportedAt = now;
                events.progress(new RestoreProgress(restoreId, done, total, now));
            }
        }
    }
}
