package io.backstream.uploader.domain;

import io.backstream.schema.ChunkHeaders;
import io.backstream.schema.ChunkIndex;
import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.event.SnapshotFailed;
import io.backstream.schema.event.SnapshotStarted;
import io.backstream.storage.MultipartUpload;
import io.backstream.storage.StorageException;
import io.backstream.storage.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Turns the records of each backup on {@code backup.chunks} into one archive object, its manifest
 * and an {@code UploadCompleted} or {@code UploadFailed} event.
 *
 * <p>Records arrive in {@link Batch batches} (one Kafka poll). A batch accepts its records in order,
 * sends data chunks as parts concurrently when the storage allows it, and {@link Batch#commit()}
 * returns only when what the batch did is durable: every part in the store, the resume state in
 * the {@link StateStore}, written once per backup and batch. The caller commits the batch's offsets
 * after that, so a crash at any point is followed by a redelivery this class recognises: records
 * already handled are skipped, a part already durable whose size and checksum match is kept instead
 * of being sent again, and the running whole-archive SHA-256 continues from its saved state. An
 * archive is only completed when its size and SHA-256 equal the end record's; otherwise the upload
 * is aborted, anything partial deleted and {@code UploadFailed} emitted.
 *
 * <p>Records of one backup must be delivered in order and by one thread at a time (one Kafka
 * partition); different backups may be handled concurrently. When a batch ends without a commit,
 * the in-memory state of every backup it touched is dropped and reloaded on the redelivery.
 *
 * <p>This class routes each record to its stage and keeps the backups in memory; the stages are
 * {@link UploadResumption} (start or resume), {@link RecordStaging} (records made durable),
 * {@link ArchiveCompletion} (end-of-stream verification), {@link ManifestUpload},
 * {@link FailureCleanup} and {@link UploadOutcomes}.
 *
 * <p>A backup that gets no record for the abandonment time (a worker that died mid-backup, a forged start
 * record) is {@link #abandonIdle() abandoned}: its upload is aborted, its state removed, {@code UploadFailed}
 * announced with reason {@code abandoned}, and its later records are refused with
 * {@link AbandonedBackupException}. The check waits for the batches in progress and holds new ones back
 * while it runs, so it never takes a backup from under a batch.
 */
public final class BackupUploader {

    private static final Logger LOG = LoggerFactory.getLogger(BackupUploader.class);

    private final StateStore store;
    private final UploadResumption resumption;
    private final RecordStaging staging;
    private final ArchiveCompletion completion;
    private final ManifestUpload manifests;
    private final FailureCleanup cleanup;
    private final UploadOutcomes outcomes;
    private final Map<String, ActiveUpload> active = new ConcurrentHashMap<>();
    private final StorageDirectory storages;
    private final Clock clock;
    private final Duration abandonAfter;
    /** Batches share it; the abandonment check takes it alone. */
    private final ReadWriteLock batches = new ReentrantReadWriteLock();

    /**
     * @param bandwidth   upload limit shared by all backups, {@code null} for none
     * @param partUploads runs the part uploads of storages that take parts concurrently; its size
     *                    bounds how many parts are in flight
     * @param tempDir     where manifests are assembled before they are uploaded
     * @param abandonAfter how long a backup may go without a record before {@link #abandonIdle()} abandons it
     */
    public BackupUploader(StorageDirectory storages, StateStore store, UploadEvents events, UploadMetrics metrics,
                          TokenBucket bandwidth, Executor partUploads, Clock clock, Path tempDir, Duration abandonAfter) {
        this.storages = Objects.requireNonNull(storages, "storages");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.abandonAfter = Objects.requireNonNull(abandonAfter, "abandonAfter");
        this.store = Objects.requireNonNull(store, "store");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(partUploads, "partUploads");
        Objects.requireNonNull(tempDir, "tempDir");
        this.outcomes = new UploadOutcomes(store, events, metrics, clock);
        this.resumption = new UploadResumption(storages, store, outcomes, clock);
        this.staging = new RecordStaging(store, metrics, bandwidth, partUploads, clock);
        this.completion = new ArchiveCompletion(store);
        this.manifests = new ManifestUpload(store, clock, tempDir);
        this.cleanup = new FailureCleanup(outcomes);
    }

    /**
     * A batch of records, handled in order; nothing it accepted is durable before {@link Batch#commit()}.
     * It must be closed.
     */
    public Batch batch() {
        return new Batch();
    }

    /**
     * Abandons every unfinished backup whose last durable record is older than the abandonment time: aborts
     * the upload it started (no other), deletes the objects it completed, removes its state and announces
     * {@code UploadFailed} with reason {@code abandoned}. Waits for the batches in progress first.
     *
     * @return how many backups were abandoned
     */
    public int abandonIdle() {
        batches.writeLock().lock();
        try {
            Instant cutoff = clock.instant().minus(abandonAfter);
            int abandoned = 0;
            for (UploadState state : store.unfinished()) {
                if (!state.lastActivity().isBefore(cutoff)) {
                    continue;
                }
                ActiveUpload held = active.remove(state.backupId());
                LOG.warn("Backup {}: no record since {} (abandon-after {}): aborting the upload of {}",
                        state.backupId(), state.lastActivity(), abandonAfter, state.key());
                NamedStorage storage = held != null ? held.storage : storages.find(state.storage()).orElse(null);
                cleanup.abandon(state, storage, held != null ? held.upload : new MultipartUpload(state.key(), state.token()));
                abandoned++;
            }
            return abandoned;
        } finally {
            batches.writeLock().unlock();
        }
    }

    /**
     * The records of one poll. Data chunks of storages that take parts concurrently are sent while
     * the next records are read; {@link #commit()} waits for them and writes each backup's state once.
     * Closing a batch that was not committed waits for the parts in flight and forgets the in-memory
     * state of every backup it touched, so the redelivered records start again from what is durable.
     */
    public final class Batch implements AutoCloseable {

        private final Map<String, ActiveUpload> touched = new LinkedHashMap<>();
        private boolean committed;

        private Batch() {
            batches.readLock().lock();
        }

        /** The start record: resolves the storage and starts (or finds) the multipart upload. */
        public void onStart(SnapshotStarted started) {
            String backupId = started.backupId();
            guarded(backupId, () -> {
                Optional<String> outcome = store.outcome(backupId);
                outcome.ifPresent(o -> AbandonedBackupException.refuseIf(o, backupId, "its start record"));
                if (outcome.isPresent()) {
                    LOG.info("Backup {} already {}: its start record ignored (replayed or redelivered)", backupId,
                            outcome.get());
                    return;
                }
                if (active.containsKey(backupId) || store.exists(backupId)) {
                    LOG.debug("Backup {}: start record seen before, skipped", backupId);
                    return;
                }
                ActiveUpload backup = resumption.start(started);
                if (backup != null) {
                    active.put(backupId, backup);
                }
            });
        }

        /** An index record: the chunk's file entries, spooled for the manifest on commit. */
        public void onIndex(String backupId, ChunkIndex index) {
            guarded(backupId, () -> {
                ActiveUpload backup = touch(backupId, "the index of chunk " + index.chunkSequence());
                if (backup != null) {
                    failingOn(backup, () -> staging.acceptIndex(backup, index));
                }
            });
        }

        /**
         * A data chunk (size and SHA-256 already checked against its headers): one part, sent now. The
         * buffer's bytes from position to limit are the chunk; they are read, never changed.
         */
        public void onChunk(ChunkHeaders chunk, ByteBuffer bytes) {
            String backupId = chunk.backupId();
            guarded(backupId, () -> {
                ActiveUpload backup = touch(backupId, "chunk " + chunk.sequence());
                if (backup != null) {
                    failingOn(backup, () -> staging.acceptChunk(backup, chunk, bytes));
                }
            });
        }

        /** The end record: verifies, completes the object, writes the manifest, announces the result. */
        public void onEnd(SnapshotCompleted completed) {
            String backupId = completed.backupId();
            guarded(backupId, () -> {
                ActiveUpload backup = touch(backupId, "the end record");
                if (backup != null) {
                    failingOn(backup, () -> {
                        staging.persist(backup);
                        finish(backup, completed);
                    });
                }
            });
        }

        /** The worker gave up after it began: abort the multipart upload and keep nothing of the backup. */
        public void onAbort(SnapshotFailed failed) {
            String backupId = failed.backupId();
            guarded(backupId, () -> {
                if (!active.containsKey(backupId) && store.outcome(backupId).isEmpty() && !store.exists(backupId)) {
                    LOG.info("Backup {}: the snapshot failed before any upload began: {}", backupId, failed.reason());
                    return;
                }
                ActiveUpload backup = touch(backupId, "the abort record");
                if (backup != null) {
                    fail(backup, "the snapshot failed: " + failed.reason());
                }
            });
        }

        /**
         * Waits for every part this batch sent and makes what it accepted durable: after this returns,
         * the batch's records may be committed.
         */
        public void commit() {
            for (ActiveUpload backup : touched.values()) {
                guarded(backup.backupId(), () -> failingOn(backup, () -> staging.persist(backup)));
            }
            committed = true;
        }

        /** Without a commit, forgets what the batch accepted once its parts in flight have settled. */
        @Override
        public void close() {
            try {
                if (!committed) {
                    for (ActiveUpload backup : touched.values()) {
                        backup.discardStaged("its batch was not committed");
                        active.remove(backup.backupId(), backup);
                    }
                }
            } finally {
                batches.readLock().unlock();
            }
        }

        private ActiveUpload touch(String backupId, String what) {
            ActiveUpload backup = activeOrResumed(backupId, what);
            if (backup != null) {
                touched.putIfAbsent(backupId, backup);
            }
            return backup;
        }
    }

    /** Completes the archive and its manifest and announces it; the backup's records are all durable. */
    private void finish(ActiveUpload backup, SnapshotCompleted completed) throws UploadFailure {
        StoredObject object;
        try {
            object = completion.complete(backup, completed);
            manifests.upload(backup, completed);
        } catch (StorageException e) {
            throw new UploadFailure("completing the upload failed: " + e.getMessage());
        }
        outcomes.completed(backup, completed, object);
        active.remove(backup.backupId());
    }

    /** The backup in memory, or resumed from the state store, or {@code null} after reporting it. */
    private ActiveUpload activeOrResumed(String backupId, String what) {
        ActiveUpload backup = active.get(backupId);
        if (backup != null) {
            return backup;
        }
        backup = resumption.resume(backupId, what);
        if (backup != null) {
            active.put(backupId, backup);
        }
        return backup;
    }

    /** Runs a stage of the backup; a failure it reports ends the backup. */
    private void failingOn(ActiveUpload backup, Stage stage) {
        try {
            stage.run();
        } catch (UploadFailure e) {
            fail(backup, e.getMessage());
        }
    }

    private void fail(ActiveUpload backup, String reason) {
        active.remove(backup.backupId());
        cleanup.fail(backup, reason);
    }

    /** Runs one record's work; on an unexpected error forgets the in-memory state so a retry reloads it. */
    private void guarded(String backupId, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            active.remove(backupId);
            throw e;
        }
    }

    @FunctionalInterface
    private interface Stage {
        void run() throws UploadFailure;
    }
}
