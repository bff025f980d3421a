package io.backstream.scheduler.domain;

import io.backstream.schema.Compression;
import io.backstream.schema.event.Policy;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The domain rules of a policy beyond its JSON Schema: parseable schedules and time zone, ids that fit into
 * the deterministic run ids, known targets, non-negative counts, positive ISO-8601 spans, and retention rules that
 * keep at least one backup.
 */
public final class PolicyValidator {

    /** Longest policy id, so that {@code drill.<policyId>.<targetId>.<epochSeconds>} fits the 256-character ids. */
    public static final int MAX_POLICY_ID_LENGTH = 100;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
    private static final Pattern TARGET_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private PolicyValidator() {
    }

    /**
     * Every broken rule of {@code policy}, in field order; empty when it is valid.
     *
     * @param targetKnown whether a target id has been announced by a worker
     */
    public static List<Violation> validate(Policy policy, Predicate<String> targetKnown) {
        List<Violation> violations = new ArrayList<>(validateSchedulable(policy, targetKnown));
        if (policy.retention() != null) {
            keepsSomething(policy.retention(), violations);
        }
        return List.copyOf(violations);
    }

    /**
     * The rules a policy already on {@code backup.policies} must meet to be scheduled: all but "keeps at least one
     * backup". A stored policy whose retention keeps nothing still runs (the catalog keeps each target's newest good
     * backup whatever the rules say); refusing it would stop its backups.
     */
    public static List<Violation> validateSchedulable(Policy policy, Predicate<String> targetKnown) {
        List<Violation> violations = new ArrayList<>();
        if (policy.id() == null || !ID.matcher(policy.id()).matches() || policy.id().length() > MAX_POLICY_ID_LENGTH) {
            violations.add(new Violation("id", "must be 1 to " + MAX_POLICY_ID_LENGTH
                    + " letters, digits, '-' or '_', starting with a letter or digit"));
        }
        if (policy.targets().isEmpty()) {
            violations.add(new Violation("targets", "must name at least one target"));
        }
        for (int i = 0; i < policy.targets().size(); i++) {
            String target = policy.targets().get(i);
            if (target == null || !TARGET_ID.matcher(target).matches() || target.length() > 128) {
                violations.add(new Violation("targets[" + i + "]", "must be a target id (letters, digits, '.', '-', "
                        + "'_', at most 128)"));
            } else if (!targetKnown.test(target)) {
                violations.add(new Violation("targets[" + i + "]", "unknown target '" + target
                        + "' (no worker has announced it on backup.targets)"));
            }
        }
        schedule("schedule", policy.schedule(), true, violations);
        if (policy.timeZone() != null) {
            try {
                ZoneId.of(policy.timeZone());
            } catch (DateTimeException e) {
                violations.add(new Violation("timeZone", "'" + policy.timeZone()
                        + "' is not an IANA time zone such as Europe/Berlin"));
            }
        }
        schedule("fullSchedule", policy.fullSchedule(), false, violations);
        nonNegative("maxIncrementalCount", policy.maxIncrementalCount(), violations);
        span("maxIncrementalSpan", policy.maxIncrementalSpan(), violations);
        compressionLevel(policy, violations);
        Policy.Retention retention = policy.retention();
        if (retention != null) {
            nonNegative("retention.keepLast", retention.keepLast(), violations);
            nonNegative("retention.keepDaily", retention.keepDaily(), violations);
            nonNegative("retention.keepWeekly", retention.keepWeekly(), violations);
            nonNegative("retention.keepMonthly", retention.keepMonthly(), violations);
            nonNegative("retention.keepYearly", retention.keepYearly(), violations);
            span("retention.maxAge", retention.maxAge(), violations);
        }
        schedule("drillSchedule", policy.drillSchedule(), false, violations);
        return List.copyOf(violations);
    }

    /** The zone a policy's schedules are evaluated in: its {@code timeZone}, UTC when null. */
    public static ZoneId zone(Policy policy) {
        return policy.timeZone() == null ? ZoneId.of("UTC") : ZoneId.of(policy.timeZone());
    }

    private static void schedule(String field, String value, boolean required, List<Violation> violations) {
        if (value == null && !required) {
            return;
        }
        try {
            CronSchedule.parse(value);
        } catch (IllegalArgumentException e) {
            violations.add(new Violation(field, e.getMessage()));
        }
    }

    private static void nonNegative(String field, Integer value, List<Violation> violations) {
        if (value != null && value < 0) {
            violations.add(new Violation(field, "must not be negative, got " + value));
        }
    }

    /**
     * A retention with a rule but no count above zero and no maxAge would keep no backup by its rules (only the
     * catalog's newest-completed safety net); each zero count is named. Without any rule retention keeps everything.
     */
    private static void keepsSomething(Policy.Retention retention, List<Violation> violations) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("retention.keepLast", retention.keepLast());
        counts.put("retention.keepDaily", retention.keepDaily());
        counts.put("retention.keepWeekly", retention.keepWeekly());
        counts.put("retention.keepMonthly", retention.keepMonthly());
        counts.put("retention.keepYearly", retention.keepYearly());
        boolean keepsByCount = counts.values().stream().anyMatch(count -> count != null && count > 0);
        if (keepsByCount || retention.maxAge() != null) {
            return;
        }
        counts.forEach((field, count) -> {
            if (count != null && count == 0) {
                violations.add(new Violation(field, "must be at least 1: with no other count above 0 and no "
                        + "maxAge the policy would keep no backup (leave retention out to keep every backup)"));
            }
        });
    }

    private static void span(String field, String value, List<Violation> violations) {
        if (value == null) {
            return;
        }
        try {
            IsoSpan.parse(value);
        } catch (IllegalArgumentException e) {
            violations.add(new Violation(field, e.getMessage()));
        }
    }

    private static void compressionLevel(Policy policy, List<Violation> violations) {
        Integer level = policy.compressionLevel();
        if (level == null) {
            return;
        }
        boolean gzip = policy.compression() == Compression.GZIP;
        int min = gzip ? 1 : -7;
        int max = gzip ? 9 : 22;
        if (level < min || level > max) {
            violations.add(new Violation("compressionLevel", "must be between " + min + " and " + max + " for "
                    + (gzip ? "GZIP" : "ZSTD") + ", got " + level));
        }
    }
}
