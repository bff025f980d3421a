package io.backstream.storage;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff with full jitter: before attempt {@code n+1} the wrapper sleeps a random time
 * in {@code [0, min(maxDelay, initialDelay * multiplier^(n-1))]}.
 *
 * @param maxAttempts  total attempts including the first, at least 1
 * @param initialDelay upper bound of the first sleep
 * @param maxDelay     upper bound of any sleep
 * @param multiplier   growth of the bound per attempt, at least 1
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay, double multiplier) {

    /** 6 attempts, 200 ms growing ×2 up to 10 s: about 30 s of waiting at worst. */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(6, Duration.ofMillis(200), Duration.ofSeconds(10), 2.0);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
        }
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= initialDelay <= maxDelay");
        }
        if (!(multiplier >= 1.0)) {
            throw new IllegalArgumentException("multiplier must be >= 1, was " + multiplier);
        }
    }

    /**
     * Upper bound of the sleep after failed attempt {@code attempt} (1-based).
     */
    public Duration delayBound(int attempt) {
        double millis = initialDelay.toMillis() * Math.pow(multiplier, attempt - 1);
        return millis >= maxDelay.toMillis() ? maxDelay : Duration.ofMillis((long) millis);
    }
}
