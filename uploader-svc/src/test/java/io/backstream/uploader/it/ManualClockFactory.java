package io.backstream.uploader.it;

import io.backstream.testkit.ManualClock;
import io.backstream.uploader.config.UploaderFactory;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;

/**
 * Replaces the uploader's clock with a {@link ManualClock} tests move by hand when {@code uploader-it.clock} is
 * set: {@code now}, or the instant the clock starts at.
 */
@Factory
@Requires(property = "uploader-it.clock")
class ManualClockFactory {

    @Singleton
    @Replaces(bean = Clock.class, factory = UploaderFactory.class)
    ManualClock manualClock(@Value("${uploader-it.clock}") String start) {
        return "now".equals(start) ? new ManualClock() : new ManualClock(Instant.parse(start));
    }
}
