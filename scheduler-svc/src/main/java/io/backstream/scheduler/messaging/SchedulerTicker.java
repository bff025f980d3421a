package io.backstream.scheduler.messaging;

import io.backstream.scheduler.domain.PoliciesInForce;
import io.backstream.scheduler.domain.SchedulePlanner;
import io.backstream.scheduler.domain.SchedulerEngine;
import io.backstream.schema.event.Policy;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Drives scheduling every {@code backstream.scheduler.tick-interval}: once the state reader has caught up, it
 * first publishes the policies file (those that differ from the topic), then plans the runs due since the
 * previous tick and launches them. A failed tick is retried in full on the next one (runs already published are
 * recognised by their deterministic ids).
 */
@Singleton
public class SchedulerTicker {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulerTicker.class);

    private final StateReader state;
    private final PoliciesInForce policies;
    private final PolicyFile policyFile;
    private final PolicyPublisher policyPublisher;
    private final SchedulePlanner planner;
    private final SchedulerEngine engine;
    private final Clock clock;
    private Instant lastEvaluated;
    private boolean filePublished;

    public SchedulerTicker(StateReader state, PoliciesInForce policies, PolicyFile policyFile,
                           PolicyPublisher policyPublisher, SchedulePlanner planner, SchedulerEngine engine,
                           Clock clock) {
        this.state = state;
        this.policies = policies;
        this.policyFile = policyFile;
        this.policyPublisher = policyPublisher;
        this.planner = planner;
        this.engine = engine;
        this.clock = clock;
    }

    /** Scheduled entry point; logs instead of throwing so the schedule keeps running. */
    @Scheduled(fixedDelay = "${backstream.scheduler.tick-interval:5s}",
            initialDelay = "${backstream.scheduler.tick-interval:5s}")
    void scheduledTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("Scheduler tick failed, retrying next tick: {}", e.toString());
        }
    }

    /**
     * One evaluation at the clock's current instant.
     *
     * @return false if the state has not caught up yet and nothing was evaluated
     */
    public synchronized boolean tick() {
        if (!state.isCaughtUp()) {
            return false;
        }
        if (!filePublished) {
            for (Policy policy : policyFile.policies()) {
                if (!policies.get(policy.id()).map(current -> Objects.equals(current, policy)).orElse(false)) {
                    LOG.info("Publishing policy {} from the policies file", policy.id());
                    policyPublisher.publish(policy);
                    policies.put(policy);
                }
            }
            filePublished = true;
        }
        Instant now = clock.instant();
        engine.launch(planner.plan(policies.all(), lastEvaluated, now), now);
        lastEvaluated = now;
        return true;
    }
}
