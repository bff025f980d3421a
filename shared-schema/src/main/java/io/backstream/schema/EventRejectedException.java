package io.backstream.schema;

import java.util.List;

/**
 * An incoming record that cannot be accepted. The message names the problems (JSON pointer and what is
 * wrong) and never contains the payload, so it is safe to log and to put in a DLQ header.
 */
public class EventRejectedException extends Exception {

    /** Why a record was rejected. */
    public enum Reason {
        /** Not parseable (not JSON, not an object, bad header encoding). */
        MALFORMED,
        /** Parseable but breaks the schema (envelope or data). */
        INVALID,
        /** A {@code type} (or type version) this build does not know. */
        UNKNOWN_TYPE,
        /** A known {@code type} read from a topic it does not belong on ({@link EventType#requireOn}). */
        WRONG_TOPIC
    }

    private static final long serialVersionUID = 1L;

    private final Reason reason;
    private final List<String> errors;

    public EventRejectedException(Reason reason, String message) {
        this(reason, message, List.of(), null);
    }

    public EventRejectedException(Reason reason, String message, List<String> errors) {
        this(reason, message, errors, null);
    }

    public EventRejectedException(Reason reason, String message, List<String> errors, Throwable cause) {
        super(reason + ": " + message + (errors.isEmpty() ? "" : " " + String.join("; ", errors)), cause);
        this.reason = reason;
        this.errors = List.copyOf(errors);
    }

    public Reason reason() {
        return reason;
    }

    /** The individual problems, each {@code <json pointer>: <message>}; may be empty. */
    public List<String> errors() {
        return errors;
    }
}
