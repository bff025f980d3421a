package io.backstream.schema;

/**
 * Kafka header names a consumer sets on a record it forwards to {@code <topic>.dlq}. The record value and
 * key stay the original bytes; values of these headers are UTF-8 strings of at most {@link #MAX_VALUE_LENGTH}
 * characters ({@link #bounded}), so no input is echoed without bound.
 */
public final class DeadLetterHeaders {

    /** Fully qualified class name of the exception that made the record unprocessable. */
    public static final String ERROR_CLASS = "bs-dlq-error-class";
    /** The exception message (never contains the payload). */
    public static final String ERROR_MESSAGE = "bs-dlq-error-message";
    /** Topic the record was read from. */
    public static final String SOURCE_TOPIC = "bs-dlq-source-topic";
    /** Partition the record was read from, decimal. */
    public static final String SOURCE_PARTITION = "bs-dlq-source-partition";
    /** Offset the record was read at, decimal. */
    public static final String SOURCE_OFFSET = "bs-dlq-source-offset";
    /**
     * Why: an {@link EventRejectedException.Reason} name ({@code MALFORMED}, {@code INVALID},
     * {@code UNKNOWN_TYPE}, {@code WRONG_TOPIC}), {@link #REASON_PROCESSING} for a valid record whose handling
     * failed for good, or {@link #REASON_CONFLICTING_DUPLICATE}.
     */
    public static final String REASON = "bs-dlq-reason";

    /** {@link #REASON} value for a well-formed record whose handling failed on every try for a lasting reason. */
    public static final String REASON_PROCESSING = "PROCESSING";
    /** {@link #REASON} value for an event reusing the type and id of a handled event with another payload. */
    public static final String REASON_CONFLICTING_DUPLICATE = "CONFLICTING_DUPLICATE";

    /**
     * Longest header value written, in characters. Long enough for a message listing several schema errors,
     * short enough that a forged 100 kB value cannot be copied into every header.
     */
    public static final int MAX_VALUE_LENGTH = 1024;

    /** {@code value} cut to {@link #MAX_VALUE_LENGTH} characters, ending in {@link BoundedText#CUT_MARK} if cut. */
    public static String bounded(String value) {
        return BoundedText.cut(value, MAX_VALUE_LENGTH);
    }

    private DeadLetterHeaders() {
    }
}
