package io.backstream.scheduler.config;

import io.backstream.scheduler.domain.BackupLedger;
import io.backstream.scheduler.domain.KnownTargets;
import io.backstream.scheduler.domain.PoliciesInForce;
import io.backstream.scheduler.domain.RunSink;
import io.backstream.scheduler.domain.SchedulePlanner;
import io.backstream.scheduler.domain.SchedulerEngine;
import io.backstream.scheduler.domain.TypeDecider;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;

/** Wires the framework-free domain of the scheduler. */
@Factory
public class SchedulerBeans {

    /** The time source of every scheduling decision; tests replace it with a controlled clock. */
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Singleton
    SchedulePlanner planner(SchedulerConfiguration configuration) {
        return new SchedulePlanner(positive("backstream.scheduler.starting-deadline",
                configuration.getStartingDeadline()));
    }

    @Singleton
    TypeDecider typeDecider(SchedulePlanner planner) {
        return new TypeDecider(planner);
    }

    @Singleton
    BackupLedger ledger(SchedulerConfiguration configuration) {
        Duration runningExpiry = positive("backstream.scheduler.running-expiry", configuration.getRunningExpiry());
        Duration startingDeadline = positive("backstream.scheduler.starting-deadline", configuration.getStartingDeadline());
        return new BackupLedger(runningExpiry,
                runningExpiry.compareTo(startingDeadline) >= 0 ? runningExpiry : startingDeadline);
    }

    @Singleton
    PoliciesInForce policiesInForce() {
        return new PoliciesInForce();
    }

    @Singleton
    KnownTargets knownTargets() {
        return new KnownTargets();
    }

    @Singleton
    SchedulerEngine engine(BackupLedger ledger, TypeDecider decider, RunSink sink,
                           SchedulerConfiguration configuration) {
        positive("backstream.scheduler.tick-interval", configuration.getTickInterval());
        positive("backstream.scheduler.max-wait", configuration.getMaxWait());
        return new SchedulerEngine(ledger, decider, sink, configuration.isIncrementalEnabled());
    }

    private static Duration positive(String property, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new ConfigurationException(property + " must be a positive duration, got " + value);
        }
        return value;
    }
}
