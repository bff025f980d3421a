package io.backstream.uploader.domain;

import io.backstream.schema.ChunkHeaders;
import io.backstream.schema.ChunkIndex;
import io.backstream.schema.manifest.BackupManifest;
import io.backstream.storage.ObjectStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The durability protocol of a backup's records: {@link #acceptIndex} and {@link #acceptChunk} take
 * them in order, skipping those already handled, and start the chunk's part upload;
 * {@link #persist} waits for the parts and only then writes the spools and the state that covers
 * them, so the state store never claims a part the object store may not hold.
 */
final class RecordStaging {

    private static final Logger LOG = LoggerFactory.getLogger(RecordStaging.class);
    /** The most parts a multipart upload may have. */
    private static final int MAX_CHUNKS = 10_000;

    private final StateStore store;
    private final UploadMetrics metrics;
    private final TokenBucket bandwidth;
    private final Executor partUploads;
    private final Clock clock;

    /**
     * @param bandwidth   upload limit shared by all backups, {@code null} for none
     * @param partUploads runs the part uploads of storages that take parts concurrently
     * @param clock       dates the last record of each backup, which the abandonment check goes by
     */
    RecordStaging(StateStore store, UploadMetrics metrics, TokenBucket bandwidth, Executor partUploads, Clock clock) {
        this.store = store;
        this.metrics = metrics;
        this.bandwidth = bandwidth;
        this.partUploads = partUploads;
        this.clock = clock;
    }

    /** Stages the file entries of an index record for the manifest. */
    void acceptIndex(ActiveUpload backup, ChunkIndex index) throws UploadFailure {
        UploadState accepted = backup.accepted;
        UploadState.PendingIndex pending = accepted.pendingIndex();
        if (accepted.completed() || index.chunkSequence() < accepted.nextSequence()
                || (pending != null && pending.sequence() == index.chunkSequence())) {
            return;
        }
        if (index.chunkSequence() != accepted.nextSequence()) {
            throw new UploadFailure("index of chunk " + index.chunkSequence() + " arrived while chunk "
                    + accepted.nextSequence() + " was expected: records of the backup are missing");
        }
        List<BackupManifest.FileEntry> files = new ArrayList<>(index.files().size());
        for (BackupManifest.FileEntry file : index.files()) {
            files.add(file.chunkSequence() != null ? file : new BackupManifest.FileEntry(file.path(), file.type(),
                    file.size(), file.mode(), file.mtime(), index.chunkSequence(), file.rawOffset(), file.linkTarget()));
        }
        backup.accepted = accepted.withIndex(new UploadState.PendingIndex(index.chunkSequence(), index.rawOffset(),
                index.rawSize()), accepted.fileCount() + files.size());
        backup.staged.add(new ActiveUpload.Staged(files, null, 0, null));
    }

    /**
     * Stages a data chunk and sends it as one part, unless the store holds it durably already. The
     * buffer's bytes from position to limit are the chunk; they are read, never changed.
     */
    void acceptChunk(ActiveUpload backup, ChunkHeaders chunk, ByteBuffer bytes) throws UploadFailure {
        UploadState accepted = backup.accepted;
        if (accepted.completed() || chunk.sequence() < accepted.nextSequence()) {
            LOG.debug("Backup {}: chunk {} already handled, skipped", backup.backupId(), chunk.sequence());
            return;
        }
        if (chunk.sequence() > accepted.nextSequence()) {
            throw new UploadFailure("chunk " + chunk.sequence() + " arrived while chunk " + accepted.nextSequence()
                    + " was expected: records of the backup are missing");
        }
        if (chunk.offset() != accepted.archiveBytes()) {
            throw new UploadFailure("chunk " + chunk.sequence() + " says it starts at byte " + chunk.offset()
                    + " but the archive so far has " + accepted.archiveBytes() + " bytes");
        }
        if (chunk.sequence() >= MAX_CHUNKS) {
            throw new UploadFailure("more than 10000 chunks: raise the worker's chunk size");
        }
        int partNumber = (int) chunk.sequence() + 1;
        CompletableFuture<Void> part = null;
        if (backup.holdsDurably(partNumber, chunk, bytes)) {
            metrics.partReused(backup.storage.name());
            LOG.info("Backup {}: part {} was already durable, not sent again", backup.backupId(), partNumber);
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
    }

    /**
     * Waits for the backup's staged parts and writes what was accepted to the state store: the
     * spools first, then the state that covers them.
     *
     * @throws UploadFailure when a part could not be stored
     */
    void persist(ActiveUpload backup) throws UploadFailure {
        if (backup.staged.isEmpty()) {
            return;
        }
        String storageFailure = backup.awaitParts();
        if (storageFailure != null) {
            throw new UploadFailure(storageFailure);
        }
        List<BackupManifest.FileEntry> files = new ArrayList<>();
        List<BackupManifest.Chunk> chunks = new ArrayList<>();
        for (ActiveUpload.Staged step : backup.staged) {
            files.addAll(step.files());
            if (step.chunk() != null) {
                chunks.add(step.chunk());
            }
        }
        String backupId = backup.backupId();
        long filesLength = files.isEmpty() ? backup.state.filesLength() : store.appendFiles(backupId, files);
        long chunksLength = chunks.isEmpty() ? backup.state.chunksLength() : store.appendChunks(backupId, chunks);
        backup.state = backup.accepted.withSpools(chunksLength, filesLength).withLastRecordAt(clock.instant());
        store.save(backup.state);
        backup.accepted = backup.state;
        backup.staged.clear();
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
}
