package io.backstream.uploader.it;

import io.backstream.schema.BackupType;
import io.backstream.schema.ChunkHeaders;
import io.backstream.schema.ChunkIndex;
import io.backstream.schema.ChunkRecords;
import io.backstream.schema.Compression;
import io.backstream.schema.TargetKind;
import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.event.SnapshotFailed;
import io.backstream.schema.event.SnapshotStarted;
import io.backstream.testkit.Archives;
import io.backstream.testkit.UniqueNames;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A backup as a snapshot worker would stream it: {@link Archives} of a tree (PAX tar, independent zstd
 * frames of 1 MiB of tar each, frames grouped into chunks of at least {@code chunkSize} bytes except the last),
 * with the index, start and end records of {@link ChunkRecords}.
 */
final class TestBackup {

    static final int FRAME_RAW_BYTES = 1024 * 1024;

    final String backupId;
    final String targetId;
    final Instant startedAt;
    final List<byte[]> chunks;
    final List<ChunkIndex> indexes;
    final byte[] archive;
    final long rawBytes;
    final String sha256;
    private final String storage;

    TestBackup(Path tree, String targetId, String storage, int chunkSize) throws IOException {
        this.backupId = UniqueNames.id("backup");
        this.startedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        this.targetId = targetId;
        this.storage = storage;
        Archives.Archive built = Archives.zstd(Archives.entriesOf(tree), FRAME_RAW_BYTES,
                Archives.ChunkCut.atLeastBytes(chunkSize));
        chunks = built.chunks().stream().map(Archives.Chunk::bytes).toList();
        indexes = built.chunks().stream()
                .map(c -> new ChunkIndex(c.sequence(), c.rawOffset(), c.rawSize(), c.files()))
                .toList();
        archive = built.bytes();
        rawBytes = built.tar().length;
        sha256 = built.sha256();
    }

    /** The same archive of the same target and start time under another backup id, as a forger would send it. */
    private TestBackup(TestBackup original, String backupId) {
        this.backupId = backupId;
        this.startedAt = original.startedAt;
        this.targetId = original.targetId;
        this.storage = original.storage;
        this.chunks = original.chunks;
        this.indexes = original.indexes;
        this.archive = original.archive;
        this.rawBytes = original.rawBytes;
        this.sha256 = original.sha256;
    }

    TestBackup withBackupId(String otherBackupId) {
        return new TestBackup(this, otherBackupId);
    }

    /** Every path under {@code tree}, relative, as tar lists them. */
    static Set<String> treePaths(Path tree) throws IOException {
        try (Stream<Path> walk = Files.walk(tree)) {
            return walk.filter(p -> !p.equals(tree)).map(p -> tree.relativize(p).toString())
                    .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
        }
    }

    long fileCount() {
        return indexes.stream().mapToLong(i -> i.files().size()).sum();
    }

    SnapshotStarted started() {
        return new SnapshotStarted(backupId, targetId, TargetKind.DIRECTORY, "test-worker", BackupType.FULL, null,
                Compression.ZSTD, storage, "policy-it", startedAt);
    }

    SnapshotCompleted completed(String announcedSha256) {
        return new SnapshotCompleted(backupId, targetId, TargetKind.DIRECTORY, "test-worker", BackupType.FULL, null,
                Compression.ZSTD, null, storage, "policy-it", chunks.size(), rawBytes, archive.length, announcedSha256,
                fileCount(), List.of("test warning"), startedAt, Instant.now());
    }

    ChunkHeaders headers(int sequence) {
        long offset = 0;
        for (int i = 0; i < sequence; i++) {
            offset += chunks.get(i).length;
        }
        byte[] chunk = chunks.get(sequence);
        return ChunkHeaders.of(backupId, sequence, offset, chunk.length, Archives.sha256(chunk), sequence == chunks.size() - 1);
    }

    void sendStart(KafkaProducer<byte[], byte[]> producer, String topic) throws Exception {
        send(producer, topic, ChunkRecords.headers(ChunkRecords.Type.START, backupId), ChunkRecords.encodeStart(started()));
    }

    /** The index record and the data record of chunk {@code sequence}. */
    void sendChunk(KafkaProducer<byte[], byte[]> producer, String topic, int sequence) throws Exception {
        send(producer, topic, indexes.get(sequence).headers(backupId), indexes.get(sequence).encode());
        send(producer, topic, headers(sequence).toHeaders(), chunks.get(sequence));
    }

    void sendEnd(KafkaProducer<byte[], byte[]> producer, String topic, String announcedSha256) throws Exception {
        send(producer, topic, ChunkRecords.headers(ChunkRecords.Type.END, backupId),
                ChunkRecords.encodeEnd(completed(announcedSha256)));
    }

    void sendAbort(KafkaProducer<byte[], byte[]> producer, String topic, String reason) throws Exception {
        send(producer, topic, ChunkRecords.headers(ChunkRecords.Type.ABORT, backupId),
                ChunkRecords.encodeAbort(new SnapshotFailed(backupId, targetId, "test-worker", reason, Instant.now())));
    }

    void sendAll(KafkaProducer<byte[], byte[]> producer, String topic) throws Exception {
        sendStart(producer, topic);
        for (int i = 0; i < chunks.size(); i++) {
            sendChunk(producer, topic, i);
        }
        sendEnd(producer, topic, sha256);
    }

    void send(KafkaProducer<byte[], byte[]> producer, String topic, Map<String, byte[]> headers, byte[] value)
            throws Exception {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, backupId.getBytes(StandardCharsets.UTF_8), value);
        headers.forEach((name, bytes) -> record.headers().add(name, bytes));
        producer.send(record).get();
    }
}
