package io.backstream.scheduler;

import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The scheduler's clock in tests: stands still until a test sets it. */
@Primary
@Singleton
@Requires(env = Environment.TEST)
public class MutableClock extends Clock {

    private volatile Instant now = Instant.now();

    /** Moves the clock to {@code instant}. */
    public void set(Instant instant) {
        now = instant;
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
        return now;
    }
}
