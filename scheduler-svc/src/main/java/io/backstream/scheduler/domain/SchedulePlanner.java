package io.backstream.scheduler.domain;

import io.backstream.schema.event.Policy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Computes which runs are due. Stateless apart from a parse cache: the caller passes the instant it last
 * evaluated and the current instant. Per policy and schedule at most ONE slot is due per call: the latest one
 * after the last evaluation and no older than the starting deadline. So after downtime the most recent missed
 * slot fires once and older ones never do; a policy that appears between two evaluations does not fire slots
 * from before the previous evaluation. Disabled policies fire nothing. Thread-safe.
 */
public final class SchedulePlanner {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulePlanner.class);

    private final Duration startingDeadline;
    private final Map<String, CronSchedule> parsed = new ConcurrentHashMap<>();

    /** @param startingDeadline how late a slot may still fire */
    public SchedulePlanner(Duration startingDeadline) {
        if (startingDeadline.isNegative() || startingDeadline.isZero()) {
            throw new IllegalArgumentException("startingDeadline must be positive");
        }
        this.startingDeadline = startingDeadline;
    }

    /**
     * The runs due in {@code (max(lastEvaluated, now - startingDeadline), now]}, backups first, in policy
     * order, one per target.
     *
     * @param lastEvaluated the {@code now} of the previous call, null on the first call after start-up
     */
    public List<PlannedRun> plan(Collection<Policy> policies, Instant lastEvaluated, Instant now) {
        Objects.requireNonNull(now, "now");
        // exclusive bound one nanosecond earlier: a slot exactly startingDeadline old still fires
        Instant oldest = now.minus(startingDeadline).minusNanos(1);
        Instant from = lastEvaluated == null || lastEvaluated.isBefore(oldest) ? oldest : lastEvaluated;
        List<PlannedRun> backups = new ArrayList<>();
        List<PlannedRun> drills = new ArrayList<>();
        for (Policy policy : policies) {
            if (!policy.enabled()) {
                continue;
            }
            try {
                ZoneId zone = PolicyValidator.zone(policy);
                due(policy.schedule(), from, now, zone).ifPresent(slot -> policy.targets().forEach(target ->
                        backups.add(new PlannedRun(policy, target, slot, PlannedRun.Kind.BACKUP))));
                if (policy.drillSchedule() != null) {
                    due(policy.drillSchedule(), from, now, zone).ifPresent(slot -> policy.targets().forEach(target ->
                            drills.add(new PlannedRun(policy, target, slot, PlannedRun.Kind.DRILL))));
                }
            } catch (RuntimeException e) {
                // Policies are validated before they are stored; one that still breaks must not stop the others.
                LOG.error("Policy {} cannot be planned: {}", policy.id(), e.getMessage());
            }
        }
        backups.addAll(drills);
        return backups;
    }

    /** Whether {@code expression} has a slot in {@code (fromExclusive, toInclusive]} in {@code zone}. */
    public boolean hasSlot(String expression, Instant fromExclusive, Instant toInclusive, ZoneId zone) {
        return due(expression, fromExclusive, toInclusive, zone).isPresent();
    }

    private Optional<Instant> due(String expression, Instant from, Instant to, ZoneId zone) {
        if (!from.isBefore(to)) {
            return Optional.empty();
        }
        return parsed.computeIfAbsent(expression, CronSchedule::parse).latestIn(from, to, zone);
    }
}
