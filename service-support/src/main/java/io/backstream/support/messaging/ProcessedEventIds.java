package io.backstream.support.messaging;

/**
 * Remembers which events a consumer has already handled, so that Kafka's at-least-once delivery never makes a
 * domain service act twice on the same event, and a second event reusing an id is not mistaken for the first.
 *
 * <p>Implementations must be thread-safe. {@link #remember} is called only after the handler succeeded, so a
 * failed event is delivered again.
 */
public interface ProcessedEventIds {

    /** What a consumer knows of an event's key. */
    enum Seen {
        /** Not handled yet. */
        NEW,
        /** Handled before with the same payload (or before payloads were recorded): a redelivery. */
        DUPLICATE,
        /** An event with the same type and id but another payload was handled before. */
        CONFLICT
    }

    /** Whether {@code consumer} already handled {@code event}'s type and id, and with which payload. */
    Seen seen(String consumer, ProcessedEvent event);

    /** Records that {@code consumer} handled {@code event}. */
    void remember(String consumer, ProcessedEvent event);

    /** Compares a stored payload hash (null: not recorded) with {@code event}'s. */
    static Seen compare(String storedSha256, ProcessedEvent event) {
        return storedSha256 == null || storedSha256.equals(event.payloadSha256()) ? Seen.DUPLICATE : Seen.CONFLICT;
    }
}
