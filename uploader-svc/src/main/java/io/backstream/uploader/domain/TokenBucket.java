package io.backstream.uploader.domain;

import java.util.function.LongSupplier;

/**
 * Limits throughput to a number of bytes per second with a one-second burst. A request larger than
 * the burst is let through once the bucket is full and leaves it in debt, so a single 16 MiB part
 * under a 1 MiB/s limit waits about 16 s in total rather than forever. Thread-safe: several uploads
 * share one bucket.
 */
public final class TokenBucket {

    /** Waits; injectable so tests need not wait. */
    @FunctionalInterface
    public interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private final long bytesPerSecond;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private double tokens;
    private long lastRefill;

    /** A bucket with real time. */
    public TokenBucket(long bytesPerSecond) {
        this(bytesPerSecond, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    public TokenBucket(long bytesPerSecond, LongSupplier nanoClock, Sleeper sleeper) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("bytesPerSecond must be positive, was " + bytesPerSecond);
        }
        this.bytesPerSecond = bytesPerSecond;
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
        this.tokens = bytesPerSecond;
        this.lastRefill = nanoClock.getAsLong();
    }

    /** Blocks until {@code bytes} may be sent. */
    public void acquire(long bytes) throws InterruptedException {
        long wait;
        synchronized (this) {
            refill();
            // waiting for a full bucket is enough for oversized requests; they then run into debt
            double needed = Math.min(bytes, bytesPerSecond);
            wait = tokens >= needed ? 0 : (long) Math.ceil((needed - tokens) * 1e9 / bytesPerSecond);
            tokens -= bytes;
        }
        if (wait > 0) {
            sleeper.sleepNanos(wait);
        }
    }

    private void refill() {
        long now = nanoClock.getAsLong();
        tokens = Math.min(bytesPerSecond, tokens + (now - lastRefill) * (double) bytesPerSecond / 1e9);
        lastRefill = now;
    }
}
