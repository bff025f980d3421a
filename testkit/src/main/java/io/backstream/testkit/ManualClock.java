package io.backstream.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A UTC clock that stands still until a test sets or advances it; safe to read and move from any thread. A
 * service's tests put it in place of the service's clock bean.
 */
public class ManualClock extends Clock {

    private final AtomicReference<Instant> now;

    /** A clock standing at the moment it was made. */
    public ManualClock() {
        this(Instant.now());
    }

    public ManualClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /** Moves the clock to {@code instant}, also backwards. */
    public void set(Instant instant) {
        now.set(instant);
    }

    /** Moves the clock forward by {@code duration}. */
    public void advance(Duration duration) {
        now.updateAndGet(t -> t.plus(duration));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the test clock is UTC only");
    }

    @Override
    public Instant instant() {
        return now.get();
    }
}
