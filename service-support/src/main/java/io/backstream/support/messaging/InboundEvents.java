package io.backstream.support.messaging;

import io.backstream.schema.ChunkHeaders;
import io.backstream.schema.ChunkIndex;
import io.backstream.schema.ChunkRecords;
import io.backstream.schema.CloudEvent;
import io.backstream.schema.EventCodec;
import io.backstream.schema.EventRejectedException;
import io.backstream.schema.EventType;
import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.event.SnapshotFailed;
import io.backstream.schema.event.SnapshotStarted;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * The one way every listener consumes: parse, validate against the schema, drop duplicates by
 * event id, then hand the event to a domain service.
 *
 * <p>A record that cannot be parsed, fails validation, has an unknown type or version, or has a type that
 * does not belong on the topic it was read from ({@link EventType#requireOn}) goes to the dead-letter
 * topic and the listener carries on with the next record; the handler only ever sees the types of its
 * topic. An exception thrown by the handler propagates to the listener's error strategy (the record is
 * retried), and the event is not remembered as handled.
 */
@Singleton
public class InboundEvents {

    private static final Logger LOG = LoggerFactory.getLogger(InboundEvents.class);

    private final EventCodec codec;
    private final DeadLetterPublisher deadLetters;
    private final ProcessedEventIds processed;

    public InboundEvents(EventCodec codec, DeadLetterPublisher deadLetters, ProcessedEventIds processed) {
        this.codec = codec;
        this.deadLetters = deadLetters;
        this.processed = processed;
    }

    /**
     * Handles one CloudEvent record.
     *
     * @param consumer a stable name of the consuming component, the scope of duplicate detection
     */
    public void handle(ConsumerRecord<String, byte[]> record, String consumer, EventHandler handler) {
        if (record.value() == null) {
            deadLetters.send(record, EventRejectedException.Reason.MALFORMED.name(),
                    new EventRejectedException(EventRejectedException.Reason.MALFORMED, "record has no value"));
            return;
        }
        CloudEvent<?> event;
        try {
            event = codec.decode(record.value());
            // decode accepts only known types, so the lookup cannot come back empty
            EventType.fromType(event.type()).orElseThrow().requireOn(record.topic());
        } catch (EventRejectedException e) {
            deadLetters.send(record, e.reason().name(), e);
            return;
        }
        if (processed.contains(consumer, event.id())) {
            LOG.debug("{} skips duplicate event {} ({})", consumer, event.id(), event.type());
            return;
        }
        handler.handle(event);
        processed.remember(consumer, event.id());
    }

    /**
     * Handles one {@code backup.chunks} record ({@link ChunkRecords}): start, end and abort records are
     * validated against their schemas, index records decoded, and a data chunk's size and SHA-256
     * checked against its headers before the handler sees it. A record that does not check out
     * goes to the dead-letter topic.
     *
     * <p>Values arrive as buffers so that a data chunk reaches the handler as a view of the fetched
     * bytes rather than a copy; the handler must not change them.
     */
    public void handleChunkRecord(ConsumerRecord<String, ByteBuffer> record, ChunkRecordHandler handler) {
        Map<String, byte[]> headers = headerMap(record);
        try {
            switch (ChunkRecords.type(headers)) {
                case START -> handler.onStart(ChunkRecords.decodeStart(bytes(record.value())));
                case INDEX -> handler.onIndex(requireKey(record), ChunkIndex.decode(bytes(record.value())));
                case DATA -> {
                    ChunkHeaders chunk = ChunkHeaders.fromHeaders(headers);
                    ByteBuffer data = record.value() == null ? ByteBuffer.allocate(0) : record.value().duplicate();
                    chunk.verify(data);
                    handler.onChunk(chunk, data);
                }
                case END -> handler.onEnd(ChunkRecords.decodeEnd(bytes(record.value())));
                case ABORT -> handler.onAbort(ChunkRecords.decodeAbort(bytes(record.value())));
            }
        } catch (EventRejectedException e) {
            deadLetters.send(record, bytes(record.value()), e.reason().name(), e);
        }
    }

    /** A copy of the buffer's remaining bytes, {@code null} for none; the buffer is left as it was. */
    private static byte[] bytes(ByteBuffer value) {
        if (value == null) {
            return null;
        }
        byte[] copy = new byte[value.remaining()];
        value.duplicate().get(copy);
        return copy;
    }

    private static String requireKey(ConsumerRecord<String, ?> record) throws EventRejectedException {
        if (record.key() == null || record.key().isEmpty()) {
            throw new EventRejectedException(EventRejectedException.Reason.MALFORMED,
                    "backup.chunks record has no backup id key");
        }
        return record.key();
    }

    private static Map<String, byte[]> headerMap(ConsumerRecord<String, ?> record) {
        Map<String, byte[]> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value());
        }
        return headers;
    }

    /** Domain logic for one validated, not yet handled event. */
    @FunctionalInterface
    public interface EventHandler {
        void handle(CloudEvent<?> event);
    }

    /** Domain logic for the records of one backup on {@code backup.chunks}, called in stream order. */
    public interface ChunkRecordHandler {

        /** A backup's first record: what is being archived and where it goes. */
        void onStart(SnapshotStarted started);

        /** The tar index of the data chunk that follows. */
        void onIndex(String backupId, ChunkIndex index);

        /** A data chunk whose bytes (position to limit; not to be changed) matched its headers. */
        void onChunk(ChunkHeaders chunk, ByteBuffer bytes);

        /** A backup's last record: the whole archive's size, SHA-256 and counts. */
        void onEnd(SnapshotCompleted completed);

        /** A backup's last record when the snapshot failed after it began: nothing of it is kept. */
        void onAbort(SnapshotFailed failed);
    }
}
