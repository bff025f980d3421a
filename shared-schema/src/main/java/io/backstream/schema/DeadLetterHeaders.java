package io.backstream.schema;

/**
 * Kafka header names a consumer sets on a record it forwards to {@code <topic>.dlq}. The record value and
 * key stay the original bytes; values of these headers are UTF-8 strings.
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
     * {@code UNKNOWN_TYPE}, {@code WRONG_TOPIC}) or {@link #REASON_PROCESSING} for a valid record whose handling failed for good.
     */
    public static final String REASON = "bs-dlq-reason";

    /** {@link #REASON} value for a well-formed record that could not be processed. */
    public static final String REASON_PROCESSING = "PROCESSING";

    private DeadLetterHeaders() {
    }
}
