package io.backstream.catalog;

import io.backstream.catalog.config.ClockFactory;
import io.backstream.testkit.ManualClock;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.time.Clock;

/** Replaces the system clock with a {@link ManualClock} tests move by hand when {@code catalog-it.manual-clock} is set. */
@Factory
@Requires(property = "catalog-it.manual-clock", value = "true")
class ManualClockFactory {

    @Singleton
    @Replaces(bean = Clock.class, factory = ClockFactory.class)
    ManualClock manualClock() {
        return new ManualClock();
    }
}
