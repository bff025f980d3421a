package io.backstream.ctl;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The progress line on stderr while waiting: a spinner with the state for backups; bytes, rate and ETA for
 * restores once {@code bytesTotal} is known. On a terminal the line is redrawn in place; otherwise (a pipe, a log)
 * a line is written only when the state or the whole percentage changes.
 */
public final class Progress {

    private static final char[] SPINNER = {'|', '/', '-', '\\'};

    private final PrintWriter err;
    private final boolean interactive;
    private final LongSupplier nanoTime;
    private int frame;
    private String lastLogged;
    private boolean drawn;
    private long firstNanos = -1;
    private long firstBytes;

    /**
     * @param interactive whether stderr is a terminal (redraw in place)
     * @param nanoTime    monotonic clock for the rate, e.g. {@code System::nanoTime}
     */
    public Progress(PrintWriter err, boolean interactive, LongSupplier nanoTime) {
        this.err = err;
        this.interactive = interactive;
        this.nanoTime = nanoTime;
    }

    /** Shows the state of a backup. */
    public void backup(String backupId, String status) {
        show("backup " + backupId + ": " + status, "backup " + backupId + ": " + status);
    }

    /** Shows the state and byte counts of a restore or verification. */
    public void restore(String restoreId, String status, long bytesDone, long bytesTotal) {
        long now = nanoTime.getAsLong();
        double rate = 0;
        if (bytesDone > 0) {
            if (firstNanos < 0) {
                firstNanos = now;
                firstBytes = bytesDone;
            } else if (now > firstNanos) {
                rate = (bytesDone - firstBytes) / ((now - firstNanos) / 1e9);
            }
        }
        String line = restoreLine(restoreId, status, bytesDone, bytesTotal, rate);
        String percent = bytesTotal > 0 ? Long.toString(bytesDone * 100 / bytesTotal) : Long.toString(bytesDone);
        show(line, restoreId + status + percent);
    }

    /** Ends the progress line so the next output starts on a new line. */
    public void finish() {
        if (interactive && drawn) {
            err.print('\n');
            err.flush();
        }
        drawn = false;
    }

    /**
     * {@code restore 1f2e: RUNNING 12.0 MiB / 48.0 MiB (25%) 4.0 MiB/s ETA 9s}; without a total only the bytes; rate
     * and ETA only once a rate is known.
     */
    public static String restoreLine(String restoreId, String status, long bytesDone, long bytesTotal, double bytesPerSecond) {
        StringBuilder line = new StringBuilder("restore ").append(restoreId).append(": ").append(status);
        if (bytesTotal > 0) {
            line.append(' ').append(Format.bytes(bytesDone)).append(" / ").append(Format.bytes(bytesTotal))
                    .append(" (").append(Math.min(100, bytesDone * 100 / bytesTotal)).append("%)");
        } else if (bytesDone > 0) {
            line.append(' ').append(Format.bytes(bytesDone));
        }
        if (bytesPerSecond > 0) {
            line.append(' ').append(Format.bytes((long) bytesPerSecond)).append("/s");
            if (bytesTotal > bytesDone) {
                long seconds = (long) Math.ceil((bytesTotal - bytesDone) / bytesPerSecond);
                line.append(" ETA ").append(Format.duration(Duration.ofSeconds(seconds)));
            }
        }
        return line.toString();
    }

    private void show(String line, String logKey) {
        if (interactive) {
            char spinner = SPINNER[frame++ % SPINNER.length];
            err.print("\r\u001b[2K" + spinner + " " + line);
            err.flush();
            drawn = true;
        } else if (!Objects.equals(logKey, lastLogged)) {
            lastLogged = logKey;
            err.println(line);
            err.flush();
        }
    }
}
