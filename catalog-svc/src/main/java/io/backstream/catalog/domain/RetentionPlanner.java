package io.backstream.catalog.domain;

import io.backstream.schema.BackupType;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Decides which backups of a policy retention keeps and which it deletes, target by target, with the rule that
 * decided each one.
 *
 * <p>Only good backups count: COMPLETED ones whose latest restore drill did not fail. Keep rules follow restic's
 * {@code forget}: {@code keepLast} keeps the N newest good backups; each GFS rule keeps the newest good backup in each
 * of the N most recent days / ISO weeks / months / years (counted in the policy's time zone) that have one; a backup
 * kept by any rule is kept. {@code maxAge} works like restic's
 * {@code --keep-within}: backups younger than it are kept, older ones are deleted unless a keep rule keeps them
 * (keep rules win, so adding maxAge never deletes what the count rules promise to keep). With keep rules and no
 * maxAge, a backup no rule keeps is deleted ({@value #NO_RULE}). A policy without rules keeps everything.
 *
 * <p>Then the invariants, which override every rule: the newest good backup of each target is kept; a backup
 * whose object-lock retain-until date is still ahead is kept; every backup a kept (or still running) backup's
 * {@code parentBackupId} chain reaches is kept. Only COMPLETED backups are ever deleted: FAILED, SKIPPED and
 * running backups are kept as history ({@value #NOT_COMPLETED}); a COMPLETED backup whose latest drill failed fills
 * no rule and is kept until a person looks at it ({@value #DRILL_FAILED}), so a forged or mistaken drill failure can
 * only make retention keep more; DELETING and DELETED ones are reported as
 * deletes already under way ({@value #ALREADY_DELETED}) and count for no rule; a PARTLY_DELETED one (its delete
 * stopped half-way) is deleted again ({@value #PARTLY_DELETED}) and counts for no rule.
 */
public final class RetentionPlanner {

    public static final String KEEP_LAST = "keep-last";
    public static final String KEEP_DAILY = "keep-daily";
    public static final String KEEP_WEEKLY = "keep-weekly";
    public static final String KEEP_MONTHLY = "keep-monthly";
    public static final String KEEP_YEARLY = "keep-yearly";
    /** Kept: younger than maxAge. */
    public static final String WITHIN_MAX_AGE = "within-max-age";
    /** Deleted: older than maxAge and kept by no rule. */
    public static final String MAX_AGE = "max-age";
    /** Deleted: the policy has keep rules and none of them keeps the backup. */
    public static final String NO_RULE = "no-rule";
    /** Kept: the policy has no retention rules at all. */
    public static final String NO_RETENTION_RULES = "no-retention-rules";
    /** Kept: the newest good backup (COMPLETED, latest drill not failed) of its target. */
    public static final String NEWEST_COMPLETED = "newest-completed";
    /** Kept: a kept incremental depends on it. */
    public static final String CHAIN_PARENT = "chain-parent";
    /** Kept: its object-lock retain-until date is still ahead. */
    public static final String OBJECT_LOCK = "object-lock";
    /** Kept: FAILED, SKIPPED or still running; retention deletes only COMPLETED backups. */
    public static final String NOT_COMPLETED = "not-completed";
    /** Kept: COMPLETED but its latest restore drill failed; it counts for no rule. */
    public static final String DRILL_FAILED = "drill-failed";
    /** Deleted again: a delete stopped half-way, the backup can never be restored and must be finished. */
    public static final String PARTLY_DELETED = "partly-deleted";
    /** Reported as delete: already DELETING or DELETED. */
    public static final String ALREADY_DELETED = "already-deleted";

    /** Newest first; the id breaks ties so the decision never depends on input order. */
    private static final Comparator<Backup> NEWEST_FIRST = Comparator.comparing(Backup::createdAt)
            .thenComparing(Backup::id).reversed();

    private RetentionPlanner() {
    }

    /**
     * Decides for every backup in {@code backups} (the backups of the policy {@code rules} belong to).
     *
     * @return one decision per backup, newest first
     */
    public static List<RetentionDecision> plan(List<Backup> backups, RetentionRules rules, Instant now) {
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(now, "now");
        Map<String, List<Backup>> byTarget = new LinkedHashMap<>();
        backups.stream().sorted(NEWEST_FIRST)
                .forEach(b -> byTarget.computeIfAbsent(String.valueOf(b.targetId()), t -> new ArrayList<>()).add(b));
        Map<String, RetentionDecision> decided = new HashMap<>();
        for (List<Backup> ofTarget : byTarget.values()) {
            planTarget(ofTarget, rules, now).forEach(d -> decided.put(d.backup().id(), d));
        }
        return backups.stream().sorted(NEWEST_FIRST).map(b -> decided.get(b.id())).toList();
    }

    private static List<RetentionDecision> planTarget(List<Backup> newestFirst, RetentionRules rules, Instant now) {
        Map<String, String> keep = new HashMap<>();
        Map<String, String> delete = new HashMap<>();
        List<Backup> good = new ArrayList<>();
        for (Backup b : newestFirst) {
            switch (b.status()) {
                case COMPLETED -> {
                    if (drillFailed(b)) {
                        keep.put(b.id(), DRILL_FAILED);
                    } else {
                        good.add(b);
                    }
                }
                case DELETING, DELETED -> delete.put(b.id(), ALREADY_DELETED);
                case PARTLY_DELETED -> delete.put(b.id(), PARTLY_DELETED);
                default -> keep.put(b.id(), NOT_COMPLETED);
            }
        }
        applyRules(good, rules, now, keep, delete);
        // the invariants: they only ever turn a delete into a keep
        if (!good.isEmpty()) {
            rescue(good.get(0), NEWEST_COMPLETED, keep, delete);
        }
        for (Backup b : good) {
            Instant retainUntil = b.upload() == null ? null : b.upload().retainUntil();
            if (retainUntil != null && retainUntil.isAfter(now)) {
                rescue(b, OBJECT_LOCK, keep, delete);
            }
        }
        Map<String, Backup> byId = new HashMap<>();
        newestFirst.forEach(b -> byId.put(b.id(), b));
        for (Backup b : newestFirst) {
            boolean needsChain = keep.containsKey(b.id()) && b.status() != BackupStatus.FAILED
                    && b.status() != BackupStatus.SKIPPED;
            if (needsChain && b.type() != BackupType.FULL) {
                protectChain(b, byId, keep, delete);
            }
        }
        return newestFirst.stream().map(b -> keep.containsKey(b.id())
                ? new RetentionDecision(b, false, keep.get(b.id()))
                : new RetentionDecision(b, true, delete.get(b.id()))).toList();
    }

    private static void applyRules(List<Backup> good, RetentionRules rules, Instant now,
                                   Map<String, String> keep, Map<String, String> delete) {
        if (!rules.hasRules()) {
            good.forEach(b -> keep.put(b.id(), NO_RETENTION_RULES));
            return;
        }
        ZoneId zone = rules.zone();
        if (rules.keepLast() != null) {
            good.stream().limit(rules.keepLast()).forEach(b -> keep.putIfAbsent(b.id(), KEEP_LAST));
        }
        bucket(good, rules.keepDaily(), KEEP_DAILY, keep, b -> day(b, zone));
        bucket(good, rules.keepWeekly(), KEEP_WEEKLY, keep, b -> {
            LocalDate d = day(b, zone);
            return d.get(IsoFields.WEEK_BASED_YEAR) + "-W" + d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
        });
        bucket(good, rules.keepMonthly(), KEEP_MONTHLY, keep, b -> {
            LocalDate d = day(b, zone);
            return d.getYear() + "-" + d.getMonthValue();
        });
        bucket(good, rules.keepYearly(), KEEP_YEARLY, keep, b -> day(b, zone).getYear());
        Instant cutoff = rules.maxAgeCutoff(now);
        for (Backup b : good) {
            if (keep.containsKey(b.id())) {
                continue;
            }
            if (cutoff == null) {
                delete.put(b.id(), NO_RULE);
            } else if (b.createdAt().isBefore(cutoff)) {
                delete.put(b.id(), MAX_AGE);
            } else {
                keep.put(b.id(), WITHIN_MAX_AGE);
            }
        }
    }

    /** Keeps the newest backup of each of the {@code count} newest buckets that hold one. */
    private static void bucket(List<Backup> newestFirst, Integer count, String rule, Map<String, String> keep,
                               Function<Backup, Object> bucketOf) {
        if (count == null) {
            return;
        }
        int left = count;
        Object last = null;
        for (Backup b : newestFirst) {
            if (left == 0) {
                return;
            }
            Object bucket = bucketOf.apply(b);
            if (!bucket.equals(last)) {
                keep.putIfAbsent(b.id(), rule);
                last = bucket;
                left--;
            }
        }
    }

    /** Keeps every ancestor of {@code b}; the walk stops at a FULL backup, a missing parent or a cycle. */
    private static void protectChain(Backup b, Map<String, Backup> byId, Map<String, String> keep,
                                     Map<String, String> delete) {
        Backup current = b;
        int steps = 0;
        while (current.parentBackupId() != null && steps++ < byId.size()) {
            Backup parent = byId.get(current.parentBackupId());
            if (parent == null) {
                return;
            }
            rescue(parent, CHAIN_PARENT, keep, delete);
            if (parent.type() == BackupType.FULL) {
                return;
            }
            current = parent;
        }
    }

    /** Turns a pending delete of a COMPLETED backup into a keep by {@code rule}; a keep stays as it is. */
    private static void rescue(Backup b, String rule, Map<String, String> keep, Map<String, String> delete) {
        if (b.status() == BackupStatus.COMPLETED && delete.remove(b.id()) != null) {
            keep.put(b.id(), rule);
        }
    }

    private static boolean drillFailed(Backup b) {
        return b.verification() != null && b.verification().status() == Verification.Status.FAILED;
    }

    private static LocalDate day(Backup b, ZoneId zone) {
        return b.createdAt().atZone(zone).toLocalDate();
    }
}
