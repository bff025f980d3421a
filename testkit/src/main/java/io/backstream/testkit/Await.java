package io.backstream.testkit;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Polling instead of fixed sleeps: checks a condition at once, then at a short interval that grows
 * from 10 ms to 250 ms, until it holds or the timeout passes.
 */
public final class Await {

    private static final long FIRST_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private Await() {
    }

    /**
     * Returns once {@code condition} is true.
     *
     * @throws AssertionError naming {@code description} and the timeout if it never held
     */
    public static void until(Duration timeout, BooleanSupplier condition, String description) {
        untilPresent(timeout, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty(),
                description);
    }

    /**
     * Returns the first value {@code supplier} gives.
     *
     * @throws AssertionError naming {@code description} and the timeout if it never gave one
     */
    public static <T> T untilPresent(Duration timeout, Supplier<Optional<T>> supplier, String description) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long interval = FIRST_INTERVAL_NANOS;
        while (true) {
            Optional<T> value = supplier.get();
            if (value.isPresent()) {
                return value.get();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("Timed out after " + timeout + " waiting for: " + description);
            }
            LockSupport.parkNanos(Math.min(interval, left));
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for: " + description);
            }
            interval = Math.min(interval * 2, MAX_INTERVAL_NANOS);
        }
    }
}
