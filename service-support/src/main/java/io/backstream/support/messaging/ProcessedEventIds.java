package io.backstream.support.messaging;

/**
 * Remembers which event ids a consumer has already handled, so that Kafka's at-least-once
 * delivery never makes a domain service act twice on the same event.
 *
 * <p>Implementations must be thread-safe. {@link #remember} is called only after the handler
 * succeeded, so a failed event is delivered again.
 */
public interface ProcessedEventIds {

    /** Whether {@code consumer} already handled the event with {@code eventId}. */
    boolean contains(String consumer, String eventId);

    /** Records that {@code consumer} handled the event with {@code eventId}. */
    void remember(String consumer, String eventId);
}
