package io.backstream.scheduler.domain;

import io.backstream.schema.event.Policy;

import java.time.Instant;

/**
 * A run that is due: a backup or a verification drill of one target of a policy, for one scheduled slot.
 *
 * @param policy      the policy as it was when planned
 * @param targetId    one of the policy's targets
 * @param scheduledAt the slot
 * @param kind        backup or drill
 */
public record PlannedRun(Policy policy, String targetId, Instant scheduledAt, Kind kind) {

    /** What a run does. */
    public enum Kind {
        BACKUP,
        DRILL
    }

    /** The deterministic id of this run: the backup id or the drill's restore id. */
    public String id() {
        return kind == Kind.BACKUP
                ? RunIds.backupId(policy.id(), targetId, scheduledAt)
                : RunIds.drillId(policy.id(), targetId, scheduledAt);
    }
}
