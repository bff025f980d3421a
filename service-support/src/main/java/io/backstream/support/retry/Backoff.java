package io.backstream.support.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: after failed attempt {@code n} (1-based) a caller waits a random time in
 * {@code [(1 - jitter) * bound(n), bound(n)]}, where {@code bound(n) = min(maxDelay, initialDelay * multiplier^(n-1))}.
 * A multiplier of 1 gives a fixed pause; jitter 1 is storage's full jitter, jitter 0 none. The jitter keeps
 * replicas that failed together from retrying together.
 *
 * @param initialDelay bound of the first wait
 * @param maxDelay     bound of any wait, at least {@code initialDelay}
 * @param multiplier   growth of the bound per attempt, at least 1
 * @param jitter       share of the bound that is random, in {@code [0, 1]}
 */
public record Backoff(Duration initialDelay, Duration maxDelay, double multiplier, double jitter) {

    public Backoff {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= initialDelay <= maxDelay");
        }
        if (!(multiplier >= 1.0)) {
            throw new IllegalArgumentException("multiplier must be >= 1, was " + multiplier);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("jitter must be in [0, 1], was " + jitter);
        }
    }

    /** The longest wait after failed attempt {@code attempt} (1-based). */
    public Duration bound(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts count from 1, was " + attempt);
        }
        double millis = initialDelay.toMillis() * Math.pow(multiplier, attempt - 1);
        return millis >= maxDelay.toMillis() ? maxDelay : Duration.ofMillis((long) millis);
    }

    /** The wait after failed attempt {@code attempt} (1-based), with fresh randomness. */
    public Duration delay(int attempt) {
        return delay(attempt, ThreadLocalRandom.current().nextDouble());
    }

    /** The wait after failed attempt {@code attempt} for {@code random} in {@code [0, 1)}. */
    public Duration delay(int attempt, double random) {
        long bound = bound(attempt).toMillis();
        return Duration.ofMillis(bound - (long) (bound * jitter * random));
    }
}
