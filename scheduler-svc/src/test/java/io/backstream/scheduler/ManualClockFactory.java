package io.backstream.scheduler;

import io.backstream.testkit.ManualClock;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;

/** The scheduler's clock in tests: a {@link ManualClock} that stands still until a test sets it. */
@Factory
@Requires(env = Environment.TEST)
class ManualClockFactory {

    @Primary
    @Singleton
    ManualClock manualClock() {
        return new ManualClock();
    }
}
