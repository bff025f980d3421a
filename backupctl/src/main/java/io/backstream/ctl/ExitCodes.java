package io.backstream.ctl;

/** Exit codes of backupctl; scripts may rely on them. */
public final class ExitCodes {

    /** The command did what was asked (a backup or restore waited on finished COMPLETED). */
    public static final int OK = 0;
    /** A service answered an error (unknown id, bad value), or a waited-on backup or restore FAILED. */
    public static final int FAILED = 1;
    /** The command line is wrong (unknown option, missing argument, contradictory options). */
    public static final int USAGE = 2;
    /** A service could not be reached. */
    public static final int UNREACHABLE = 3;
    /** A service answered 401: no token was found, or the service does not accept it. */
    public static final int UNAUTHENTICATED = 4;
    /** A service answered 403: the token is valid but lacks the role the request needs. */
    public static final int FORBIDDEN = 5;

    private ExitCodes() {
    }
}
