package io.backstream.ctl;

/**
 * A failure shown to the user as one line on stderr (never a stack trace), ending the command with
 * {@link #exitCode()}.
 */
public final class CtlException extends RuntimeException {

    private final int exitCode;

    public CtlException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /** One of {@link ExitCodes}. */
    public int exitCode() {
        return exitCode;
    }
}
