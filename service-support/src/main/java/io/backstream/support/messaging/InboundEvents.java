package io.backstream.support.messaging;

import io.backstream.schema.BoundedText;
import io.backstream.schema.ChunkHeaders;
import io.backstream.schema.ChunkIndex;
import io.backstream.schema.ChunkRecords;
import io.backstream.schema.CloudEvent;
import io.backstream.schema.DeadLetterHeaders;
import io.backstream.schema.EventCodec;
import io.backstream.schema.EventRejectedException;
import io.backstream.schema.EventType;
import io.backstream.schema.Topics;
import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.event.SnapshotFailed;
import io.backstream.schema.event.SnapshotStarted;
import io.backstream.support.retry.Backoff;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The one way every listener consumes: parse, validate against the schema, drop duplicates by
 * event type and id, then hand the event to a domain service.
 *
 * <p>A record that cannot be parsed, fails validation, has an unknown type or version, has a type that
 * does not belong on the topic it was read from ({@link EventType#requireOn}) or a key longer than
 * {@link Topics#MAX_KEY_LENGTH} goes to the dead-letter topic and the listener carries on with the next record;
 * the handler only ever sees the types of its topic.
 *
 * <p>An event whose id was handled before is dropped when its payload is the same (a redelivery). When the
 * payload differs, someone reused the id: the event is not applied, it goes to the dead-letter topic with
 * reason {@value DeadLetterHeaders#REASON_CONFLICTING_DUPLICATE} so an operator can see both, and
 * {@code backstream.events.conflicting.duplicates} counts it.
 *
 * <p>When the handler throws, {@link ProcessingFailures} decides: an outage propagates to the listener's error
 * strategy (the record is retried, as long as it takes), a permanent failure is tried
 * {@code backstream.consumer.processing-attempts} times (default 3) and then dead-lettered with reason
 * {@value DeadLetterHeaders#REASON_PROCESSING} and the exception's class, and the listener carries on. A failed
 * event is not remembered as handled.
 */
@Singleton
public class InboundEvents {

    private static final Logger LOG = LoggerFactory.getLogger(InboundEvents.class);

    private final EventCodec codec;
    private final DeadLetterPublisher deadLetters;
    private final ProcessedEventIds processed;
    private final MeterRegistry meters;
    private final int processingAttempts;
    private final Backoff backoff;

    public InboundEvents(EventCodec codec, DeadLetterPublisher deadLetters, ProcessedEventIds processed,
                         MeterRegistry meters,
                         @Value("${backstream.consumer.processing-attempts:3}") int processingAttempts,
                         @Value("${backstream.consumer.processing-retry-delay:200ms}") Duration retryDelay) {
        if (processingAttempts < 1) {
            throw new IllegalArgumentException("backstream.consumer.processing-attempts must be at least 1, got "
                    + processingAttempts);
        }
        this.codec = codec;
        this.deadLetters = deadLetters;
        this.processed = processed;
        this.meters = meters;
        this.processingAttempts = processingAttempts;
        this.backoff = new Backoff(retryDelay, retryDelay.multipliedBy(10), 2.0, 0.2);
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
            requireBoundedKey(record);
            event = codec.decode(record.value());
            // decode accepts only known types, so the lookup cannot come back empty
            EventType.fromType(event.type()).orElseThrow().requireOn(record.topic());
        } catch (EventRejectedException e) {
            deadLetters.send(record, e.reason().name(), e);
            return;
        }
        ProcessedEvent key = ProcessedEvent.of(event);
        switch (processed.seen(consumer, key)) {
            case DUPLICATE -> LOG.debug("{} skips duplicate event {} ({})", consumer, event.id(), event.type());
            case CONFLICT -> conflictingDuplicate(record, consumer, event);
            case NEW -> {
                if (process(record, event, handler)) {
                    processed.remember(consumer, key);
                }
            }
        }
    }

    /** Runs the handler; false when the event was dead-lettered after permanent failures. */
    private boolean process(ConsumerRecord<String, byte[]> record, CloudEvent<?> event, EventHandler handler) {
        for (int attempt = 1; ; attempt++) {
            try {
                handler.handle(event);
                return true;
            } catch (RuntimeException e) {
                if (ProcessingFailures.classify(e) == ProcessingFailures.Kind.OUTAGE) {
                    throw e;
                }
                if (attempt >= processingAttempts) {
                    LOG.error("Event {} ({}) failed {} times for a reason that does not pass by waiting;"
                            + " dead-lettering it", event.id(), event.type(), attempt, e);
                    deadLetters.send(record, DeadLetterHeaders.REASON_PROCESSING, e);
                    return false;
                }
                LOG.warn("Event {} ({}) failed, attempt {}/{}: {}", event.id(), event.type(), attempt,
                        processingAttempts, e.toString());
                pause(backoff.delay(attempt));
            }
        }
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted between attempts", e);
        }
    }

    private void conflictingDuplicate(ConsumerRecord<String, byte[]> record, String consumer, CloudEvent<?> event) {
        LOG.warn("{} refuses event {} ({}): an event with this id and another payload was handled before",
                consumer, BoundedText.cut(event.id(), 256), event.type());
        Counter.builder("backstream.events.conflicting.duplicates")
                .description("Events refused because an event with the same type and id but another payload"
                        + " was handled before")
                .tag("topic", record.topic())
                .register(meters)
                .increment();
        deadLetters.send(record, DeadLetterHeaders.REASON_CONFLICTING_DUPLICATE,
                new EventRejectedException(EventRejectedException.Reason.INVALID, "event id " + event.id()
                        + " of type " + event.type() + " was handled before with another payload"));
    }

    private static void requireBoundedKey(ConsumerRecord<String, ?> record) throws EventRejectedException {
        if (record.key() != null && record.key().length() > Topics.MAX_KEY_LENGTH) {
            throw new EventRejectedException(EventRejectedException.Reason.INVALID, "record key has "
                    + record.key().length() + " characters, at most " + Topics.MAX_KEY_LENGTH + " are allowed");
        }
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
        requireBoundedKey(record);
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
