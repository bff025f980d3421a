package io.backstream.scheduler.domain;

import java.time.Instant;

/**
 * Deterministic ids of scheduled runs: every replica derives the same id for the same policy, target and
 * scheduled instant, so downstream consumers (which deduplicate by id) act on a slot once.
 */
public final class RunIds {

    private RunIds() {
    }

    /** {@code <policyId>.<targetId>.<epochSeconds>} of a scheduled backup. */
    public static String backupId(String policyId, String targetId, Instant scheduledAt) {
        return policyId + "." + targetId + "." + scheduledAt.getEpochSecond();
    }

    /** {@code drill.<policyId>.<targetId>.<epochSeconds>} of a scheduled verification drill. */
    public static String drillId(String policyId, String targetId, Instant scheduledAt) {
        return "drill." + backupId(policyId, targetId, scheduledAt);
    }
}
