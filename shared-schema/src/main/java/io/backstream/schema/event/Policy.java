package io.backstream.schema.event;

import io.backstream.schema.Compression;
import java.util.List;

/**
 * A backup policy: schedule, full/incremental cadence, storage and retention. Published on the compacted
 * {@code backup.policies}, key id; a null value deletes the policy. {@code schedule}, {@code fullSchedule} and
 * {@code drillSchedule} are cron expressions (5 fields) or macros such as {@code @daily}; {@code maxIncrementalSpan}
 * and {@code retention.maxAge} are ISO-8601 durations.
 */
public record Policy(
        String id,
        List<String> targets,
        String schedule,
        String timeZone,
        String fullSchedule,
        Integer maxIncrementalCount,
        String maxIncrementalSpan,
        String storage,
        Compression compression,
        Integer compressionLevel,
        String encryptionKeyId,
        Retention retention,
        String drillSchedule,
        boolean enabled) {

    public Policy {
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    /** Grandfather-father-son retention; null counts mean no rule of that kind. */
    public record Retention(
            Integer keepLast,
            Integer keepDaily,
            Integer keepWeekly,
            Integer keepMonthly,
            Integer keepYearly,
            String maxAge) {
    }
}
