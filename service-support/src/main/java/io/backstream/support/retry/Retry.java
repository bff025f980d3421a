package io.backstream.support.retry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;

/**
 * Runs a call up to {@code maxAttempts} times, waiting a {@link Backoff} delay between attempts. Only a
 * {@link TransientFailure} is retried; any other exception ends the call at once. Each retry is logged at WARN
 * with what was called, why it failed and how long it waits, so the failure message must hold no secret.
 */
public final class Retry {

    private static final Logger LOG = LoggerFactory.getLogger(Retry.class);

    /** One attempt of a call. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run() throws TransientFailure, InterruptedException;
    }

    /** How a retry waits; tests replace the real sleep. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** A failure that another attempt may not have: a connection refused, a timeout, an HTTP 5xx. */
    public static final class TransientFailure extends Exception {
        public TransientFailure(String message) {
            super(message);
        }
    }

    private final int maxAttempts;
    private final Backoff backoff;
    private final Sleeper sleeper;

    /** Retries with real sleeps. */
    public Retry(int maxAttempts, Backoff backoff) {
        this(maxAttempts, backoff, duration -> Thread.sleep(duration.toMillis()));
    }

    public Retry(int maxAttempts, Backoff backoff, Sleeper sleeper) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /**
     * The result of the first attempt that succeeds.
     *
     * @param what names the call in the log, e.g. {@code "GET http://catalog/v1/backups/b1"}
     * @throws TransientFailure the last attempt's failure, once {@code maxAttempts} attempts failed
     * @throws InterruptedException interrupted while an attempt ran or while waiting for the next one
     */
    public <T> T call(String what, Attempt<T> attempt) throws TransientFailure, InterruptedException {
        for (int n = 1; ; n++) {
            try {
                return attempt.run();
            } catch (TransientFailure e) {
                if (n >= maxAttempts) {
                    throw e;
                }
                Duration delay = backoff.delay(n);
                LOG.warn("{} failed ({}), attempt {}/{}, retrying in {} ms", what, e.getMessage(), n, maxAttempts,
                        delay.toMillis());
                sleeper.sleep(delay);
            }
        }
    }
}
