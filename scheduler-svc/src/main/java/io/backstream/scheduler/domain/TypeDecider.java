package io.backstream.scheduler.domain;

import io.backstream.schema.BackupType;
import io.backstream.schema.event.Policy;

import java.time.Instant;
import java.time.ZoneId;

/**
 * Decides FULL or INCREMENTAL for a scheduled run, in this order:
 * <ol>
 *   <li>no cadence configured (no {@code fullSchedule}, {@code maxIncrementalCount} or {@code maxIncrementalSpan}):
 *   FULL, {@code no-incremental-cadence};</li>
 *   <li>no completed full in the chain: FULL, {@code no-full-yet};</li>
 *   <li>a {@code fullSchedule} slot lies after the last full, up to this run: FULL, {@code full-schedule-due};</li>
 *   <li>{@code maxIncrementalCount} incrementals already follow the last full: FULL, {@code max-incremental-count};</li>
 *   <li>the last full is {@code maxIncrementalSpan} old or older at this run: FULL, {@code max-incremental-span};</li>
 *   <li>otherwise INCREMENTAL on the newest completed backup, {@code incremental}.</li>
 * </ol>
 */
public final class TypeDecider {

    private final SchedulePlanner schedules;

    public TypeDecider(SchedulePlanner schedules) {
        this.schedules = schedules;
    }

    /** The decision for the run of {@code policy} at {@code scheduledAt} given its chain. */
    public TypeDecision decide(Policy policy, ChainState chain, Instant scheduledAt) {
        if (policy.fullSchedule() == null && policy.maxIncrementalCount() == null
                && policy.maxIncrementalSpan() == null) {
            return full("no-incremental-cadence");
        }
        if (chain.lastFullAt() == null || chain.lastCompletedId() == null) {
            return full("no-full-yet");
        }
        ZoneId zone = PolicyValidator.zone(policy);
        if (policy.fullSchedule() != null && chain.lastFullAt().isBefore(scheduledAt)
                && schedules.hasSlot(policy.fullSchedule(), chain.lastFullAt(), scheduledAt, zone)) {
            return full("full-schedule-due");
        }
        if (policy.maxIncrementalCount() != null && chain.incrementalsSinceFull() >= policy.maxIncrementalCount()) {
            return full("max-incremental-count");
        }
        if (policy.maxIncrementalSpan() != null
                && !IsoSpan.parse(policy.maxIncrementalSpan()).addTo(chain.lastFullAt(), zone).isAfter(scheduledAt)) {
            return full("max-incremental-span");
        }
        return new TypeDecision(BackupType.INCREMENTAL, chain.lastCompletedId(), "incremental");
    }

    private static TypeDecision full(String reason) {
        return new TypeDecision(BackupType.FULL, null, reason);
    }
}
