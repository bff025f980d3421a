package io.backstream.worker.domain;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external program (hook, {@code pg_dump}, backup command) with a timeout, discarding its
 * standard output and keeping the tail of its standard error for the failure reason.
 */
public final class ProcessRunner {

    /** How much of stderr a failure reason quotes. */
    static final int STDERR_TAIL_BYTES = 2048;

    private ProcessRunner() {
    }

    /** The outcome of a finished (or killed) program. */
    public record Result(int exitCode, boolean timedOut, String stderrTail) {

        public boolean succeeded() {
            return !timedOut && exitCode == 0;
        }
    }

    /**
     * Runs {@code command} in {@code workDir} (null: inherited) with {@code extraEnv} added to the
     * environment and waits at most {@code timeout}; a program still running then is killed.
     *
     * @throws BackupFailedException when the program cannot be started (named by {@code what})
     */
    public static Result run(String what, List<String> command, Map<String, String> extraEnv, Path workDir,
                             Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(extraEnv);
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new BackupFailedException(what + " could not be started: " + command.get(0) + " ("
                    + e.getMessage() + ")");
        }
        TailReader stderr = new TailReader(process.getErrorStream());
        Thread reader = new Thread(stderr, "stderr-" + what.replace(' ', '-'));
        reader.setDaemon(true);
        reader.start();
        try {
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            reader.join(TimeUnit.SECONDS.toMillis(5));
            return new Result(finished ? process.exitValue() : -1, !finished, stderr.tail());
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new BackupFailedException(what + " was interrupted (worker shutting down)");
        }
    }

    /** Keeps the last {@link #STDERR_TAIL_BYTES} bytes of a stream, so a chatty program cannot exhaust memory. */
    private static final class TailReader implements Runnable {

        private final InputStream in;
        private final byte[] ring = new byte[STDERR_TAIL_BYTES];
        private long total;

        TailReader(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try (in) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    append(buffer, read);
                }
            } catch (IOException e) {
                // the process ended or was killed; what was read so far is the tail
            }
        }

        private synchronized void append(byte[] buffer, int length) {
            for (int i = 0; i < length; i++) {
                ring[(int) (total++ % ring.length)] = buffer[i];
            }
        }

        synchronized String tail() {
            int size = (int) Math.min(total, ring.length);
            byte[] out = new byte[size];
            long start = total - size;
            for (int i = 0; i < size; i++) {
                out[i] = ring[(int) ((start + i) % ring.length)];
            }
            return new String(out, StandardCharsets.UTF_8).strip();
        }
    }
}
