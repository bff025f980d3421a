package io.backstream.catalog.domain;

import io.backstream.schema.BackupType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.backstream.catalog.domain.RetentionPlanner.ALREADY_DELETED;
import static io.backstream.catalog.domain.RetentionPlanner.CHAIN_PARENT;
import static io.backstream.catalog.domain.RetentionPlanner.DRILL_FAILED;
import static io.backstream.catalog.domain.RetentionPlanner.KEEP_DAILY;
import static io.backstream.catalog.domain.RetentionPlanner.KEEP_LAST;
import static io.backstream.catalog.domain.RetentionPlanner.KEEP_MONTHLY;
import static io.backstream.catalog.domain.RetentionPlanner.KEEP_WEEKLY;
import static io.backstream.catalog.domain.RetentionPlanner.KEEP_YEARLY;
import static io.backstream.catalog.domain.RetentionPlanner.MAX_AGE;
import static io.backstream.catalog.domain.RetentionPlanner.NEWEST_COMPLETED;
import static io.backstream.catalog.domain.RetentionPlanner.NOT_COMPLETED;
import static io.backstream.catalog.domain.RetentionPlanner.NO_RETENTION_RULES;
import static io.backstream.catalog.domain.RetentionPlanner.NO_RULE;
import static io.backstream.catalog.domain.RetentionPlanner.OBJECT_LOCK;
import static io.backstream.catalog.domain.RetentionPlanner.WITHIN_MAX_AGE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention over 400 days of daily backups at 00:30 Europe/Berlin (2025-10-01 to 2026-11-04, across three DST
 * changes). At 00:30 local time the UTC date is the day before, so a planner that counted days, ISO weeks or months
 * in UTC would keep different backups than the expected ones.
 */
class RetentionPlannerTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final LocalDate FIRST = LocalDate.parse("2025-10-01");
    private static final LocalDate LAST = LocalDate.parse("2026-11-04");
    private static final Instant NOW = at(LAST).plus(Duration.ofHours(1));

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of("keepLast 7", rules(7, null, null, null, null, null), NOW,
                        kept(KEEP_LAST, "2026-10-29", "2026-10-30", "2026-10-31", "2026-11-01", "2026-11-02",
                                "2026-11-03", "2026-11-04"), NO_RULE),
                Arguments.of("keepDaily 7", rules(null, 7, null, null, null, null), NOW,
                        kept(KEEP_DAILY, "2026-10-29", "2026-10-30", "2026-10-31", "2026-11-01", "2026-11-02",
                                "2026-11-03", "2026-11-04"), NO_RULE),
                Arguments.of("keepWeekly 4 (ISO weeks end on Sunday)", rules(null, null, 4, null, null, null), NOW,
                        kept(KEEP_WEEKLY, "2026-10-18", "2026-10-25", "2026-11-01", "2026-11-04"), NO_RULE),
                Arguments.of("keepMonthly 12", rules(null, null, null, 12, null, null), NOW,
                        kept(KEEP_MONTHLY, "2025-12-31", "2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30",
                                "2026-05-31", "2026-06-30", "2026-07-31", "2026-08-31", "2026-09-30", "2026-10-31",
                                "2026-11-04"), NO_RULE),
                Arguments.of("keepYearly 2", rules(null, null, null, null, 2, null), NOW,
                        kept(KEEP_YEARLY, "2025-12-31", "2026-11-04"), NO_RULE),
                Arguments.of("maxAge P30D", rules(null, null, null, null, null, "P30D"), NOW,
                        kept(WITHIN_MAX_AGE, days("2026-10-06", "2026-11-04")), MAX_AGE),
                Arguments.of("keepLast 3 + keepDaily 7 + keepWeekly 4 + keepMonthly 6", rules(3, 7, 4, 6, null, null),
                        NOW, merge(
                                kept(KEEP_LAST, "2026-11-02", "2026-11-03", "2026-11-04"),
                                kept(KEEP_DAILY, "2026-10-29", "2026-10-30", "2026-10-31", "2026-11-01"),
                                kept(KEEP_WEEKLY, "2026-10-18", "2026-10-25"),
                                kept(KEEP_MONTHLY, "2026-06-30", "2026-07-31", "2026-08-31", "2026-09-30")), NO_RULE),
                Arguments.of("maxAge P14D + keepWeekly 2 + keepMonthly 3: keep rules win over maxAge",
                        rules(null, null, 2, 3, null, "P14D"), NOW, merge(
                                kept(WITHIN_MAX_AGE, days("2026-10-22", "2026-11-04")),
                                kept(KEEP_WEEKLY, "2026-11-01", "2026-11-04"),
                                kept(KEEP_MONTHLY, "2026-09-30", "2026-10-31")), MAX_AGE),
                Arguments.of("maxAge P10M counted on the calendar", rules(null, null, null, null, null, "P10M"),
                        NOW, kept(WITHIN_MAX_AGE, days("2026-01-05", "2026-11-04")), MAX_AGE),
                Arguments.of("everything older than maxAge: the newest completed backup stays",
                        rules(null, null, null, null, null, "P30D"), NOW.plus(Duration.ofDays(100)),
                        kept(NEWEST_COMPLETED, "2026-11-04"), MAX_AGE),
                Arguments.of("no rules keep everything", rules(null, null, null, null, null, null), NOW,
                        kept(NO_RETENTION_RULES, days("2025-10-01", "2026-11-04")), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void eachRuleAndCombinationKeepsExactlyTheExpectedBackups(String name, RetentionRules rules, Instant now,
                                                             Map<String, String> expectedKept, String deleteRule) {
        List<Backup> history = daily(FIRST, LAST, d -> completed(d, BackupType.FULL, null, null));

        assertEquals(expected(history, expectedKept, deleteRule), decisions(history, rules, now));
    }

    @Test
    void aKeptIncrementalKeepsItsFullAndEveryIntermediate() {
        // weekly full on Sunday, daily incrementals chained to the day before
        List<Backup> history = daily(FIRST, LAST, d -> d.getDayOfWeek().getValue() == 7 || d.equals(FIRST)
                ? completed(d, BackupType.FULL, null, null)
                : completed(d, BackupType.INCREMENTAL, id(d.minusDays(1)), null));

        Map<String, String> kept = merge(
                kept(KEEP_DAILY, days("2026-10-29", "2026-11-04")),
                kept(CHAIN_PARENT, "2026-10-25", "2026-10-26", "2026-10-27", "2026-10-28"));
        assertEquals(expected(history, kept, NO_RULE), decisions(history, rules(null, 7, null, null, null, null), NOW));
    }

    @Test
    void aLockedBackupStaysUntilItsRetainUntilDate() {
        LocalDate locked = LocalDate.parse("2026-06-15");
        LocalDate expired = LocalDate.parse("2026-06-16");
        List<Backup> history = daily(FIRST, LAST, d -> completed(d, BackupType.FULL, null,
                d.equals(locked) ? NOW.plus(Duration.ofDays(10)) : d.equals(expired) ? NOW.minusSeconds(1) : null));

        Map<String, String> kept = merge(kept(KEEP_LAST, days("2026-10-29", "2026-11-04")),
                kept(OBJECT_LOCK, "2026-06-15"));
        assertEquals(expected(history, kept, NO_RULE), decisions(history, rules(7, null, null, null, null, null), NOW));
    }

    @Test
    void failedAndSkippedBackupsAreNeverDeletedAndFillNoBucket() {
        // failed every third day and on the newest day, skipped on the first of each month
        Function<LocalDate, Backup> day = d -> d.getDayOfMonth() % 3 == 0 || d.equals(LAST)
                ? withStatus(completed(d, BackupType.FULL, null, null), BackupStatus.FAILED)
                : d.getDayOfMonth() == 1 ? withStatus(completed(d, BackupType.FULL, null, null), BackupStatus.SKIPPED)
                : completed(d, BackupType.FULL, null, null);
        List<Backup> history = daily(FIRST, LAST, day);
        Map<String, String> notCompleted = new TreeMap<>();
        history.stream().filter(b -> b.status() != BackupStatus.COMPLETED)
                .forEach(b -> notCompleted.put(b.id(), NOT_COMPLETED));

        Map<String, String> daily = merge(notCompleted, kept(KEEP_DAILY, "2026-10-23", "2026-10-25", "2026-10-26",
                "2026-10-28", "2026-10-29", "2026-10-31", "2026-11-02"));
        assertEquals(expected(history, daily, NO_RULE), decisions(history, rules(null, 7, null, null, null, null), NOW));

        Map<String, String> lastGood = merge(notCompleted, kept(NEWEST_COMPLETED, "2026-11-02"));
        assertEquals(expected(history, lastGood, MAX_AGE), decisions(history,
                rules(null, null, null, null, null, "P30D"), NOW.plus(Duration.ofDays(100))));
    }

    @Test
    void eachTargetKeepsItsOwnNewestCompletedBackup() {
        List<Backup> history = new ArrayList<>(daily(FIRST, LAST, d -> completed(d, BackupType.FULL, null, null)));
        history.add(onTarget(completed(LocalDate.parse("2026-05-01"), BackupType.FULL, null, null), "other"));
        history.add(onTarget(completed(LocalDate.parse("2026-05-02"), BackupType.FULL, null, null), "other"));

        Map<String, Boolean> deleted = new TreeMap<>();
        RetentionPlanner.plan(history, rules(null, null, null, null, null, "P1D"), NOW)
                .stream().filter(d -> !d.delete())
                .forEach(d -> deleted.put(d.backup().targetId() + "/" + d.backup().id() + "/" + d.rule(), false));
        assertEquals(Map.of("db/" + id(LAST) + "/" + WITHIN_MAX_AGE, false,
                "other/other-" + id(LocalDate.parse("2026-05-02")) + "/" + NEWEST_COMPLETED, false), deleted);
    }

    @Test
    void backupsAlreadyDeletingOrDeletedCountForNoRule() {
        List<Backup> history = daily(LocalDate.parse("2026-10-30"), LAST, d -> d.equals(LAST)
                ? withStatus(completed(d, BackupType.FULL, null, null), BackupStatus.DELETED)
                : d.equals(LAST.minusDays(1)) ? withStatus(completed(d, BackupType.FULL, null, null),
                BackupStatus.DELETING) : completed(d, BackupType.FULL, null, null));

        Map<String, String> all = new LinkedHashMap<>();
        RetentionPlanner.plan(history, rules(2, null, null, null, null, null), NOW)
                .forEach(d -> all.put(d.backup().id(), (d.delete() ? "delete " : "keep ") + d.rule()));
        assertEquals(Map.of(id(LAST), "delete " + ALREADY_DELETED, id(LAST.minusDays(1)), "delete " + ALREADY_DELETED,
                id(LAST.minusDays(2)), "keep " + KEEP_LAST, id(LAST.minusDays(3)), "keep " + KEEP_LAST,
                id(LAST.minusDays(4)), "delete " + NO_RULE, id(LAST.minusDays(5)), "delete " + NO_RULE), all);
        assertTrue(RetentionPlanner.plan(history, rules(2, null, null, null, null, null), NOW).stream()
                .filter(RetentionDecision::needsDeleteRequest).allMatch(d -> d.backup().status()
                        == BackupStatus.COMPLETED), "only COMPLETED backups are asked to be deleted");
    }

    @Test
    void aPartlyDeletedBackupIsAlwaysDeletedAgainAndCountsForNoRule() {
        // the newest backup's delete stopped half-way: it is no good backup, so it neither fills keepLast nor is
        // the newest completed one, whatever the rules say
        List<Backup> history = daily(LAST.minusDays(2), LAST, d -> d.equals(LAST)
                ? withStatus(completed(d, BackupType.FULL, null, null), BackupStatus.PARTLY_DELETED)
                : completed(d, BackupType.FULL, null, null));
        Map<String, String> all = new LinkedHashMap<>();
        List<RetentionDecision> plan = RetentionPlanner.plan(history, rules(null, null, null, null, null, null), NOW);
        plan.forEach(d -> all.put(d.backup().id(), (d.delete() ? "delete " : "keep ") + d.rule()));
        assertEquals(Map.of(id(LAST), "delete " + RetentionPlanner.PARTLY_DELETED,
                id(LAST.minusDays(1)), "keep " + NO_RETENTION_RULES,
                id(LAST.minusDays(2)), "keep " + NO_RETENTION_RULES), all);
        assertEquals(List.of(id(LAST)), plan.stream().filter(RetentionDecision::needsDeleteRequest)
                .map(d -> d.backup().id()).toList(), "it is asked to be deleted again");
    }

    @Test
    void aBackupWhoseLatestDrillFailedFillsNoRuleAndIsKept() {
        // the newest failed its drill; the one before failed once but passed its latest drill
        List<Backup> history = daily(LocalDate.parse("2026-10-29"), LAST, d -> d.equals(LAST)
                ? drilled(completed(d, BackupType.FULL, null, null), Verification.Status.FAILED)
                : d.equals(LAST.minusDays(1)) ? drilled(completed(d, BackupType.FULL, null, null),
                Verification.Status.VERIFIED) : completed(d, BackupType.FULL, null, null));

        Map<String, String> kept = merge(kept(KEEP_LAST, "2026-11-02", "2026-11-03"),
                kept(DRILL_FAILED, "2026-11-04"));
        assertEquals(expected(history, kept, NO_RULE), decisions(history, rules(2, null, null, null, null, null), NOW));
        Map<String, String> daily = merge(kept(KEEP_DAILY, "2026-11-01", "2026-11-02", "2026-11-03"),
                kept(DRILL_FAILED, "2026-11-04"));
        assertEquals(expected(history, daily, NO_RULE), decisions(history, rules(null, 3, null, null, null, null), NOW));
    }

    @Test
    void theNewestBackupKeptForSafetyIsTheNewestWhoseDrillDidNotFail() {
        List<Backup> history = daily(FIRST, LAST, d -> d.equals(LAST)
                ? drilled(completed(d, BackupType.FULL, null, null), Verification.Status.FAILED)
                : completed(d, BackupType.FULL, null, null));

        Map<String, String> kept = merge(kept(NEWEST_COMPLETED, "2026-11-03"), kept(DRILL_FAILED, "2026-11-04"));
        assertEquals(expected(history, kept, MAX_AGE), decisions(history, rules(null, null, null, null, null, "P30D"),
                NOW.plus(Duration.ofDays(100))));
    }

    @Test
    void rulesThatKeepNothingStillLeaveTheNewestGoodBackupOfEachTarget() {
        // the scheduler refuses such policies; a forged one on backup.policies must still not delete everything
        List<Backup> history = new ArrayList<>(daily(FIRST, LAST, d -> completed(d, BackupType.FULL, null, null)));
        history.add(onTarget(completed(LocalDate.parse("2026-05-01"), BackupType.FULL, null, null), "other"));

        Map<String, String> kept = merge(kept(NEWEST_COMPLETED, "2026-11-04"),
                Map.of("other-" + id(LocalDate.parse("2026-05-01")), NEWEST_COMPLETED));
        assertEquals(expected(history, kept, NO_RULE), decisions(history, rules(0, null, null, null, null, null), NOW));
        assertEquals(expected(history, kept, NO_RULE), decisions(history, rules(0, 0, 0, 0, 0, null), NOW));
    }

    @Test
    void unusableRulesAreRejectedNamingTheField() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RetentionRules.of("p", "Mars/Olympus", 1, null,
                null, null, null, null)).getMessage().startsWith("timeZone"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RetentionRules.of("p", null, null, -1,
                null, null, null, null)).getMessage().startsWith("keepDaily"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RetentionRules.of("p", null, null, null,
                null, null, null, "thirty days")).getMessage().startsWith("maxAge"));
    }

    private static Map<String, String> decisions(List<Backup> history, RetentionRules rules, Instant now) {
        Map<String, String> result = new TreeMap<>();
        RetentionPlanner.plan(history, rules, now)
                .forEach(d -> result.put(d.backup().id(), (d.delete() ? "delete " : "keep ") + d.rule()));
        return result;
    }

    private static Map<String, String> expected(List<Backup> history, Map<String, String> kept, String deleteRule) {
        Map<String, String> result = new TreeMap<>();
        history.forEach(b -> result.put(b.id(), kept.containsKey(b.id()) ? "keep " + kept.get(b.id())
                : "delete " + deleteRule));
        return result;
    }

    private static RetentionRules rules(Integer last, Integer daily, Integer weekly, Integer monthly, Integer yearly,
                                        String maxAge) {
        return RetentionRules.of("nightly", "Europe/Berlin", last, daily, weekly, monthly, yearly, maxAge);
    }

    private static Map<String, String> kept(String rule, String... dates) {
        Map<String, String> kept = new TreeMap<>();
        for (String date : dates) {
            kept.put(id(LocalDate.parse(date)), rule);
        }
        return kept;
    }

    /** Later parts win: a backup several rules keep is labelled with the first rule in the planner's order. */
    @SafeVarargs
    private static Map<String, String> merge(Map<String, String>... parts) {
        Map<String, String> all = new TreeMap<>();
        for (Map<String, String> part : parts) {
            all.putAll(part);
        }
        return all;
    }

    private static String[] days(String from, String to) {
        List<String> days = new ArrayList<>();
        for (LocalDate d = LocalDate.parse(from); !d.isAfter(LocalDate.parse(to)); d = d.plusDays(1)) {
            days.add(d.toString());
        }
        return days.toArray(String[]::new);
    }

    private static List<Backup> daily(LocalDate from, LocalDate to, Function<LocalDate, Backup> backup) {
        List<Backup> all = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            all.add(backup.apply(d));
        }
        return all;
    }

    private static String id(LocalDate day) {
        return "b-" + day;
    }

    private static Instant at(LocalDate day) {
        return ZonedDateTime.of(day, LocalTime.of(0, 30), BERLIN).toInstant();
    }

    private static Backup completed(LocalDate day, BackupType type, String parent, Instant retainUntil) {
        Instant created = at(day);
        return new Backup(id(day), "db", null, "nightly", type, parent, "s3", null, null, "w", BackupStatus.COMPLETED,
                null, created, created, created, created.plusSeconds(60), created.plusSeconds(60), null,
                new UploadResult("bucket", "k/" + day, "k/" + day + ".manifest.json", 10, "0".repeat(64), null, 1,
                        created.plusSeconds(60), retainUntil), null, null);
    }

    private static Backup withStatus(Backup b, BackupStatus status) {
        return new Backup(b.id(), b.targetId(), b.targetKind(), b.policyId(), b.type(), b.parentBackupId(),
                b.storage(), b.compression(), b.encryptionKeyId(), b.workerId(), status, b.failureReason(),
                b.createdAt(), b.requestedAt(), b.startedAt(), b.finishedAt(), b.lastProgressAt(), b.snapshot(),
                status == BackupStatus.COMPLETED || status == BackupStatus.DELETING || status == BackupStatus.DELETED
                        || status == BackupStatus.PARTLY_DELETED ? b.upload() : null, b.verification(), b.deletion());
    }

    private static Backup drilled(Backup b, Verification.Status outcome) {
        Instant at = b.finishedAt().plusSeconds(600);
        return new Backup(b.id(), b.targetId(), b.targetKind(), b.policyId(), b.type(), b.parentBackupId(),
                b.storage(), b.compression(), b.encryptionKeyId(), b.workerId(), b.status(), b.failureReason(),
                b.createdAt(), b.requestedAt(), b.startedAt(), b.finishedAt(), b.lastProgressAt(), b.snapshot(),
                b.upload(), new Verification(outcome, at, "drill-" + b.id(),
                outcome == Verification.Status.FAILED ? "checksum mismatch" : null), b.deletion());
    }

    private static Backup onTarget(Backup b, String target) {
        return new Backup(target + "-" + b.id(), target, b.targetKind(), b.policyId(), b.type(), b.parentBackupId(),
                b.storage(), b.compression(), b.encryptionKeyId(), b.workerId(), b.status(), b.failureReason(),
                b.createdAt(), b.requestedAt(), b.startedAt(), b.finishedAt(), b.lastProgressAt(), b.snapshot(),
                b.upload(), b.verification(), b.deletion());
    }
}
