package io.backstream.uploader.domain;

import io.backstream.schema.ChunkHeaders;
import io.backstream.schema.ChunkIndex;
import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.event.SnapshotFailed;
import io.backstream.schema.event.SnapshotStarted;
import io.backstream.schema.manifest.BackupManifest;
import io.backstream.storage.ObjectStorage;
import io.backstream.storage.StorageException;
import io.backstream.storage.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.LinkedHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

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
 */
public final class BackupUploader {

    private static final Logger LOG = LoggerFactory.getLogger(BackupUploader.class);

    private final StateStore store;
    private final UploadMetrics metrics;
    private final TokenBucket bandwidth;
    private final Executor partUploads;
    private final UploadResumption resumption;
    private final FailureCleanup cleanup;
    private final UploadOutcomes outcomes;
    private final ArchiveCompletion completion;
    private final ManifestUpload manifests;
    private final Map<String, ActiveUpload> active = new ConcurrentHashMap<>();

    /**
     * @param bandwidth   upload limit shared by all backups, {@code null} for none
     * @param partUploads runs the part uploads of storages that take parts concurrently; its size
     *                    bounds how many parts are in flight
     * @param tempDir     where manifests are assembled before they are uploaded
     */
    public BackupUploader(StorageDirectory storages, StateStore store, UploadEvents events, UploadMetrics metrics,
                          TokenBucket bandwidth, Executor partUploads, Clock clock, Path tempDir) {
        Objects.requireNonNull(storages, "storages");
        this.store = Objects.requireNonNull(store, "store");
        Objects.requireNonNull(events, "events");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.bandwidth = bandwidth;
        this.partUploads = Objects.requireNonNull(partUploads, "partUploads");
        Objects.requireNonNull(clock, "clock");
        this.outcomes = new UploadOutcomes(store, events, metrics, clock);
        this.resumption = new UploadResumption(storages, store, outcomes, clock);
        this.cleanup = new FailureCleanup(outcomes);
        this.completion = new ArchiveCompletion(store);
        this.manifests = new ManifestUpload(store, clock, Objects.requireNonNull(tempDir, "tempDir"));
    }

    /** A batch of records, handled in order; nothing it accepted is durable before {@link Batch#commit()}. */
    public Batch batch() {
        return new Batch();
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
        }

        /** The start record: resolves the storage and starts (or finds) the multipart upload. */
        public void onStart(SnapshotStarted started) {
            String backupId = started.backupId();
            guarded(backupId, () -> {
                if (store.outcome(backupId).isPresent() || active.containsKey(backupId) || store.exists(backupId)) {
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
                if (backup == null) {
                    return;
                }
                UploadState accepted = backup.accepted;
                UploadState.PendingIndex pending = accepted.pendingIndex();
                if (accepted.completed() || index.chunkSequence() < accepted.nextSequence()
                        || (pending != null && pending.sequence() == index.chunkSequence())) {
                    return;
                }
                if (index.chunkSequence() != accepted.nextSequence()) {
                    fail(backup, "index of chunk " + index.chunkSequence() + " arrived while chunk "
                            + accepted.nextSequence() + " was expected: records of the backup are missing");
                    return;
                }
                List<BackupManifest.FileEntry> files = new ArrayList<>(index.files().size());
                for (BackupManifest.FileEntry file : index.files()) {
                    files.add(file.chunkSequence() != null ? file : new BackupManifest.FileEntry(file.path(), file.type(),
                            file.size(), file.mode(), file.mtime(), index.chunkSequence(), file.rawOffset(), file.linkTarget()));
                }
                backup.accepted = accepted.withIndex(new UploadState.PendingIndex(index.chunkSequence(), index.rawOffset(),
                        index.rawSize()), accepted.fileCount() + files.size());
                backup.staged.add(new ActiveUpload.Staged(files, null, 0, null));
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
                if (backup == null) {
                    return;
                }
                UploadState accepted = backup.accepted;
                if (accepted.completed() || chunk.sequence() < accepted.nextSequence()) {
                    LOG.debug("Backup {}: chunk {} already handled, skipped", backupId, chunk.sequence());
                    return;
                }
                if (chunk.sequence() > accepted.nextSequence()) {
                    fail(backup, "chunk " + chunk.sequence() + " arrived while chunk " + accepted.nextSequence()
                            + " was expected: records of the backup are missing");
                    return;
                }
                if (chunk.offset() != accepted.archiveBytes()) {
                    fail(backup, "chunk " + chunk.sequence() + " says it starts at byte " + chunk.offset()
                            + " but the archive so far has " + accepted.archiveBytes() + " bytes");
                    return;
                }
                if (chunk.sequence() >= 10_000) {
                    fail(backup, "more than 10000 chunks: raise the worker's chunk size");
                    return;
                }
                int partNumber = (int) chunk.sequence() + 1;
                CompletableFuture<Void> part = null;
                if (backup.holdsDurably(partNumber, chunk, bytes)) {
                    metrics.partReused(backup.storage.name());
                    LOG.info("Backup {}: part {} was already durable, not sent again", backupId, partNumber);
                } else {
                    Runnable send = () -> sendPart(backup, partNumber, chunk, bytes);
                    ObjectStorage storage = backup.storage.storage();
                    // a storage that appends parts in order gets them one at a time, from this thread
                    part = CompletableFuture.runAsync(send, storage.concurrentParts() > 1 ? partUploads : Runnable::run);
                }
                // the whole-archive digest runs here, in order, while the part is on its way
                backup.digest.update(bytes.duplicate());
                UploadState.PendingIndex pending = accepted.pendingIndex();
                boolean indexed = pending != null && pending.sequence() == chunk.sequence();
                BackupManifest.Chunk line = new BackupManifest.Chunk(chunk.sequence(), chunk.offset(), chunk.size(),
                        chunk.sha256(), indexed ? pending.rawOffset() : null, indexed ? pending.rawSize() : null);
                backup.accepted = accepted.withChunk(bytes.remaining(), backup.digest.state());
                backup.staged.add(new ActiveUpload.Staged(List.of(), line, partNumber, part));
            });
        }

        /** The end record: verifies, completes the object, writes the manifest, announces the result. */
        public void onEnd(SnapshotCompleted completed) {
            String backupId = completed.backupId();
            guarded(backupId, () -> {
                ActiveUpload backup = touch(backupId, "the end record");
                if (backup == null || !persist(backup)) {
                    return;
                }
                finish(backup, completed);
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
                guarded(backup.state.backupId(), () -> persist(backup));
            }
            committed = true;
        }

        /** Without a commit, forgets what the batch accepted once its parts in flight have settled. */
        @Override
        public void close() {
            if (committed) {
                return;
            }
            for (ActiveUpload backup : touched.values()) {
                try {
                    backup.awaitParts();
                } catch (RuntimeException e) {
                    LOG.debug("Backup {}: a part of the abandoned batch failed", backup.state.backupId(), e);
                }
                backup.staged.clear();
                active.remove(backup.state.backupId(), backup);
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

    private void sendPart(ActiveUpload backup, int partNumber, ChunkHeaders chunk, ByteBuffer bytes) {
        try {
            if (bandwidth != null) {
                bandwidth.acquire(bytes.remaining());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted before sending part " + partNumber, e);
        }
        long began = System.nanoTime();
        backup.storage.storage().uploadPart(backup.upload, partNumber, bytes.duplicate(), chunk.sha256());
        metrics.partUploaded(backup.storage.name(), bytes.remaining(), Duration.ofNanos(System.nanoTime() - began));
    }

    /**
     * Waits for the backup's staged parts and writes what was accepted to the state store: the
     * spools first, then the state that covers them. Returns {@code false} when a part could not be
     * stored and the backup failed.
     */
    private boolean persist(ActiveUpload backup) {
        if (backup.staged.isEmpty()) {
            return true;
        }
        String storageFailure = backup.awaitParts();
        if (storageFailure != null) {
            fail(backup, storageFailure);
            return false;
        }
        List<BackupManifest.FileEntry> files = new ArrayList<>();
        List<BackupManifest.Chunk> chunks = new ArrayList<>();
        for (ActiveUpload.Staged step : backup.staged) {
            files.addAll(step.files());
            if (step.chunk() != null) {
                chunks.add(step.chunk());
            }
        }
        String backupId = backup.state.backupId();
        long filesLength = files.isEmpty() ? backup.state.filesLength() : store.appendFiles(backupId, files);
        long chunksLength = chunks.isEmpty() ? backup.state.chunksLength() : store.appendChunks(backupId, chunks);
        backup.state = backup.accepted.withSpools(chunksLength, filesLength);
        store.save(backup.state);
        backup.accepted = backup.state;
        backup.staged.clear();
        return true;
    }

    private void finish(ActiveUpload backup, SnapshotCompleted completed) {
        StoredObject object;
        try {
            object = completion.complete(backup, completed);
            manifests.upload(backup, completed);
        } catch (UploadFailure e) {
            fail(backup, e.getMessage());
            return;
        } catch (StorageException e) {
            fail(backup, "completing the upload failed: " + e.getMessage());
            return;
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

    private void fail(ActiveUpload backup, String reason) {
        active.remove(backup.backupId());
        cleanup.fail(backup, reason);
    }

    /** Runs one record's work; on an unexpected error forgets the in-memory state so a retry reloads it. */
    private void guarded(String backupId, Work work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            active.remove(backupId);
            throw e;
        } catch (InterruptedException e) {
            active.remove(backupId);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while uploading backup " + backupId, e);
        }
    }

    @FunctionalInterface
    private interface Work {
        void run() throws InterruptedException;
    }
}
