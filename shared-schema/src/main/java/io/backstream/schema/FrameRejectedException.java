package io.backstream.schema;

/**
 * Compressed frames that do not decompress to what was expected ({@link FrameCodec#decompress}). The message
 * says what is wrong, starting with a verb ("does not decompress: ..."), so a caller can put the name of what
 * it read in front of it; it never contains the data.
 */
public class FrameRejectedException extends Exception {

    /** Why frames were rejected. */
    public enum Reason {
        /** Whole frames, but they hold fewer or more raw bytes than expected. */
        WRONG_SIZE,
        /** Not whole frames of the compression: truncated, garbled or followed by garbage. */
        CORRUPT
    }

    private static final long serialVersionUID = 1L;

    private final Reason reason;

    public FrameRejectedException(Reason reason, String message) {
        this(reason, message, null);
    }

    public FrameRejectedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
