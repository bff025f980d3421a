package io.backstream.worker.messaging;

import io.backstream.schema.ChunkHeaders;
import io.backstream.schema.ChunkIndex;
import io.backstream.schema.ChunkRecords;
import io.backstream.schema.Topics;
import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.event.SnapshotFailed;
import io.backstream.schema.event.SnapshotStarted;
import io.backstream.worker.domain.ArchiveStream;
import io.backstream.worker.domain.FramedChunker;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The records of one backup on {@code backup.chunks} ({@link ChunkRecords}): start, then index and
 * data per chunk, then end, all keyed by the backup id. At most {@code maxInFlight} chunks wait
 * for the broker's acknowledgement at any time, so a slow broker slows the backup down instead
 * of filling memory.
 */
public final class KafkaChunkStream implements ArchiveStream {

    private static final long ACK_TIMEOUT_SECONDS = 120;

    private final Producer<String, byte[]> producer;
    private final SnapshotStarted started;
    private final int maxInFlight;
    private final Deque<Future<RecordMetadata>> inFlight = new ArrayDeque<>();
    private boolean begun;

    public KafkaChunkStream(Producer<String, byte[]> producer, SnapshotStarted started, int maxInFlight) {
        this.producer = producer;
        this.started = started;
        this.maxInFlight = maxInFlight;
    }

    @Override
    public void begin() {
        begun = true;
        send(ChunkRecords.headers(ChunkRecords.Type.START, started.backupId()), ChunkRecords.encodeStart(started));
    }

    @Override
    public void chunk(FramedChunker.Chunk chunk) throws IOException {
        ChunkIndex index = new ChunkIndex(chunk.sequence(), chunk.rawOffset(), chunk.rawSize(), chunk.files());
        send(index.headers(started.backupId()), index.encode());
        ChunkHeaders headers = ChunkHeaders.of(started.backupId(), chunk.sequence(), chunk.offset(),
                chunk.bytes().length, chunk.sha256(), chunk.last());
        inFlight.add(send(headers.toHeaders(), chunk.bytes()));
        while (inFlight.size() > maxInFlight) {
            await(inFlight.removeFirst());
        }
    }

    /** Sends the end record and returns once every record of the backup is acknowledged. */
    @Override
    public void end(SnapshotCompleted completed) throws IOException {
        inFlight.add(send(ChunkRecords.headers(ChunkRecords.Type.END, completed.backupId()),
                ChunkRecords.encodeEnd(completed)));
        while (!inFlight.isEmpty()) {
            await(inFlight.removeFirst());
        }
    }

    /**
     * Closes a stream that began but cannot end, so the uploader throws away what it received;
     * a stream that never began needs nothing. Best effort: the failure is reported on
     * {@code backup.events} either way.
     */
    @Override
    public void abort(SnapshotFailed failed) throws IOException {
        if (begun) {
            abandon(failed);
        }
    }

    /** Sends the abort record and waits for its acknowledgement. */
    @Override
    public void abandon(SnapshotFailed failed) throws IOException {
        inFlight.clear();
        await(send(ChunkRecords.headers(ChunkRecords.Type.ABORT, failed.backupId()), ChunkRecords.encodeAbort(failed)));
    }

    private Future<RecordMetadata> send(Map<String, byte[]> headers, byte[] value) {
        List<Header> kafkaHeaders = new ArrayList<>(headers.size());
        headers.forEach((name, bytes) -> kafkaHeaders.add(new RecordHeader(name, bytes)));
        return producer.send(new ProducerRecord<>(Topics.BACKUP_CHUNKS, null, started.backupId(), value, kafkaHeaders));
    }

    private void await(Future<RecordMetadata> send) throws IOException {
        try {
            send.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for Kafka to acknowledge a chunk");
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IOException("Kafka did not acknowledge a record of backup " + started.backupId() + " on "
                    + Topics.BACKUP_CHUNKS + ": " + cause, cause);
        }
    }
}
