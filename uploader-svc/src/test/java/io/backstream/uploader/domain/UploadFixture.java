package io.backstream.uploader.domain;

import io.backstream.schema.BackupType;
import io.backstream.schema.ChunkHeaders;
import io.backstream.schema.ChunkIndex;
import io.backstream.schema.Compression;
import io.backstream.schema.TargetKind;
import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.event.SnapshotStarted;
import io.backstream.schema.event.UploadCompleted;
import io.backstream.schema.event.UploadFailed;
import io.backstream.schema.manifest.BackupManifest;
import io.backstream.storage.WriteOptions;
import io.backstream.storage.local.LocalObjectStorage;
import io.backstream.testkit.Archives;
import io.backstream.testkit.ManualClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Base of the uploader's tests: backup {@code b-1} of three random chunks, the records that carry it,
 * and the uploader and its stages writing it to a local store named {@code disk}, with the events and
 * reused parts they report. Restarts are simulated by new instances over the same directories.
 */
abstract class UploadFixture {

    final Instant startedAt = Instant.parse("2026-11-21T10:00:00Z");
    final List<Object> events = new ArrayList<>();
    final List<String> reusedParts = new ArrayList<>();
    final List<String> abandoned = new ArrayList<>();
    final List<String> orphansAborted = new ArrayList<>();
    /** Stands at the moment the test began; tests move it to let backups go idle. */
    final ManualClock clock = new ManualClock();
    final List<byte[]> chunks = new ArrayList<>();
    @TempDir
    Path tmp;
    LocalObjectStorage local;

    @BeforeEach
    void createBackup() {
        local = new LocalObjectStorage(tmp.resolve("store"));
        Random random = new Random(7);
        for (int size : new int[]{4000, 4000, 1500}) {
            byte[] chunk = new byte[size];
            random.nextBytes(chunk);
            chunks.add(chunk);
        }
    }

    BackupUploader newUploader() {
        return new BackupUploader(storages(), store(), recorder(), metrics(), null, Runnable::run, clock, tmp,
                Duration.ofHours(1));
    }

    /** The state store of the uploader, as a new process opens it. */
    StateStore store() {
        return new StateStore(tmp.resolve("state"));
    }

    UploadOutcomes outcomes(StateStore store) {
        return new UploadOutcomes(store, recorder(), metrics(), clock);
    }

    UploadResumption resumption(StateStore store) {
        return new UploadResumption(storages(), store, outcomes(store), clock);
    }

    RecordStaging staging(StateStore store) {
        return new RecordStaging(store, metrics(), null, Runnable::run, clock);
    }

    StorageDirectory storages() {
        return new StorageDirectory() {
            @Override
            public Optional<NamedStorage> find(String name) {
                return "disk".equals(name)
                        ? Optional.of(new NamedStorage("disk", null, "b", local, WriteOptions.DEFAULT, null, null))
                        : Optional.empty();
            }

            @Override
            public String defaultName() {
                return "disk";
            }

            @Override
            public Set<String> names() {
                return Set.of("disk");
            }
        };
    }

    private UploadEvents recorder() {
        return new UploadEvents() {
            @Override
            public void completed(UploadCompleted event) {
                events.add(event);
            }

            @Override
            public void failed(UploadFailed event) {
                events.add(event);
            }
        };
    }

    /** Metrics that record the abandoned backups and aborted orphan uploads. */
    UploadMetrics metrics() {
        return new UploadMetrics() {
            @Override
            public void partUploaded(String storage, long bytes, Duration took) {
            }

            @Override
            public void partReused(String storage) {
                reusedParts.add(storage);
            }

            @Override
            public void runFinished(String storage, Result result, Duration took) {
            }

            @Override
            public void uploadAbandoned(String storage) {
                abandoned.add(storage);
            }

            @Override
            public void orphanUploadAborted(String storage) {
                orphansAborted.add(storage);
            }
        };
    }

    String archiveKey() {
        return "b/directory-files-" + startedAt.toEpochMilli() + "-b_1.tar.zst";
    }

    SnapshotStarted started() {
        return new SnapshotStarted("b-1", "files", TargetKind.DIRECTORY, "w", BackupType.FULL, null, Compression.ZSTD,
                null, "p", startedAt);
    }

    ChunkHeaders headers(int sequence) {
        long offset = 0;
        for (int i = 0; i < sequence; i++) {
            offset += chunks.get(i).length;
        }
        return ChunkHeaders.of("b-1", sequence, offset, chunks.get(sequence).length,
                Archives.sha256(chunks.get(sequence)),
                sequence == chunks.size() - 1);
    }

    ChunkIndex index(int sequence) {
        return new ChunkIndex(sequence, sequence * 10_000L, 10_000, List.of(new BackupManifest.FileEntry(
                "file-" + sequence, BackupManifest.FileType.FILE, 10, 420, startedAt, null, sequence * 10_000L, null)));
    }

    SnapshotCompleted completed(String sha) {
        long size = chunks.stream().mapToLong(c -> c.length).sum();
        return new SnapshotCompleted("b-1", "files", TargetKind.DIRECTORY, "w", BackupType.FULL, null, Compression.ZSTD,
                null, null, "p", chunks.size(), 30_000, size, sha, chunks.size(), List.of(), startedAt, startedAt.plusSeconds(5));
    }

    /** The end record the worker sends for these chunks. */
    SnapshotCompleted completed() {
        return completed(Archives.sha256(all()));
    }

    /** Chunk {@code sequence} as a view into a larger buffer, as a Kafka record's value arrives. */
    ByteBuffer data(int sequence) {
        byte[] chunk = chunks.get(sequence);
        byte[] fetched = new byte[chunk.length + 64];
        System.arraycopy(chunk, 0, fetched, 32, chunk.length);
        return ByteBuffer.wrap(fetched, 32, chunk.length).slice();
    }

    /** One record on its own, as a poll of one record delivers it. */
    static void record(BackupUploader uploader, Consumer<BackupUploader.Batch> record) {
        try (BackupUploader.Batch batch = uploader.batch()) {
            record.accept(batch);
            batch.commit();
        }
    }

    /** The index and data records of chunk {@code sequence}, each in a poll of its own. */
    void chunk(BackupUploader uploader, int sequence) {
        record(uploader, batch -> batch.onIndex("b-1", index(sequence)));
        record(uploader, batch -> batch.onChunk(headers(sequence), data(sequence)));
    }

    /** A backup started and every chunk accepted and made durable, stage by stage, without the uploader. */
    ActiveUpload durableBackup(StateStore store) throws UploadFailure {
        ActiveUpload backup = resumption(store).start(started());
        RecordStaging staging = staging(store);
        for (int i = 0; i < chunks.size(); i++) {
            staging.acceptIndex(backup, index(i));
            staging.acceptChunk(backup, headers(i), data(i));
        }
        staging.persist(backup);
        return backup;
    }

    byte[] all() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunks.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
