package io.backstream.scheduler.domain;

import io.backstream.schema.event.Policy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.backstream.scheduler.domain.Policies.disabled;
import static io.backstream.scheduler.domain.Policies.policy;
import static io.backstream.scheduler.domain.Policies.withDrill;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cron firing with a controlled clock: which slots fire, exactly once, in which zone. */
class SchedulePlannerTest {

    private final SchedulePlanner planner = new SchedulePlanner(Duration.ofHours(1));

    @Test
    void tickingThroughAnHourFiresEachQuarterHourSlotExactlyOnce() {
        List<PlannedRun> runs = tickThrough(planner, List.of(policy("p", "*/15 * * * *", null, "db")),
                "2026-06-01T10:00:10Z", "2026-06-01T11:00:10Z", Duration.ofSeconds(7));
        assertEquals(List.of("2026-06-01T10:15:00Z", "2026-06-01T10:30:00Z", "2026-06-01T10:45:00Z",
                "2026-06-01T11:00:00Z"), slots(runs));
    }

    @Test
    void aPolicyFiresOneRunPerTarget() {
        List<PlannedRun> runs = planner.plan(List.of(policy("p", "@hourly", null, "db", "files")),
                Instant.parse("2026-06-01T09:59:55Z"), Instant.parse("2026-06-01T10:00:00Z"));
        assertEquals(List.of("db", "files"), runs.stream().map(PlannedRun::targetId).toList());
        assertEquals(List.of("p.db.1780308000", "p.files.1780308000"), runs.stream().map(PlannedRun::id).toList());
    }

    @Test
    void schedulesAreEvaluatedInThePolicyTimeZone() {
        List<PlannedRun> newYork = tickThrough(planner, List.of(policy("p", "0 2 * * *", "America/New_York", "db")),
                "2026-06-01T00:00:00Z", "2026-06-03T00:00:00Z", Duration.ofMinutes(10));
        assertEquals(List.of("2026-06-01T06:00:00Z", "2026-06-02T06:00:00Z"), slots(newYork));

        List<PlannedRun> tokyo = tickThrough(planner, List.of(policy("p", "@daily", "Asia/Tokyo", "db")),
                "2026-06-01T00:00:00Z", "2026-06-03T00:00:00Z", Duration.ofMinutes(10));
        assertEquals(List.of("2026-06-01T15:00:00Z", "2026-06-02T15:00:00Z"), slots(tokyo));

        List<PlannedRun> utc = tickThrough(planner, List.of(policy("p", "@daily", null, "db")),
                "2026-06-01T00:00:00Z", "2026-06-03T00:00:01Z", Duration.ofMinutes(10));
        assertEquals(List.of("2026-06-02T00:00:00Z", "2026-06-03T00:00:00Z"), slots(utc));
    }

    @Test
    void hourlyFiresEveryHour() {
        List<PlannedRun> runs = tickThrough(planner, List.of(policy("p", "@hourly", "Europe/Berlin", "db")),
                "2026-06-01T10:30:00Z", "2026-06-01T13:30:00Z", Duration.ofMinutes(1));
        assertEquals(List.of("2026-06-01T11:00:00Z", "2026-06-01T12:00:00Z", "2026-06-01T13:00:00Z"), slots(runs));
    }

    @Test
    void aSlotInTheSpringForwardGapFiresOnceShiftedByTheGap() {
        // Berlin, 2026-03-29: 02:00 CET jumps to 03:00 CEST, so 02:30 does not exist and runs at 03:30 CEST.
        List<PlannedRun> berlin = tickThrough(planner, List.of(policy("p", "30 2 * * *", "Europe/Berlin", "db")),
                "2026-03-27T23:00:00Z", "2026-03-30T23:00:00Z", Duration.ofMinutes(5));
        assertEquals(List.of("2026-03-28T01:30:00Z", "2026-03-29T01:30:00Z", "2026-03-30T00:30:00Z"), slots(berlin));

        // New York, 2026-03-08: 02:00 EST jumps to 03:00 EDT.
        List<PlannedRun> newYork = tickThrough(planner,
                List.of(policy("p", "30 2 * * *", "America/New_York", "db")),
                "2026-03-07T00:00:00Z", "2026-03-10T00:00:00Z", Duration.ofMinutes(5));
        assertEquals(List.of("2026-03-07T07:30:00Z", "2026-03-08T07:30:00Z", "2026-03-09T06:30:00Z"), slots(newYork));
    }

    @Test
    void aSlotInTheFallBackOverlapFiresOnlyAtItsFirstOccurrence() {
        // Berlin, 2026-10-25: 03:00 CEST falls back to 02:00 CET, so 02:30 happens at 00:30Z and again at 01:30Z.
        List<PlannedRun> berlin = tickThrough(planner, List.of(policy("p", "30 2 * * *", "Europe/Berlin", "db")),
                "2026-10-23T23:00:00Z", "2026-10-26T23:00:00Z", Duration.ofMinutes(5));
        assertEquals(List.of("2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"), slots(berlin));

        // New York, 2026-11-01: 02:00 EDT falls back to 01:00 EST; 01:30 happens at 05:30Z and 06:30Z.
        List<PlannedRun> newYork = tickThrough(planner,
                List.of(policy("p", "30 1 * * *", "America/New_York", "db")),
                "2026-10-31T00:00:00Z", "2026-11-03T00:00:00Z", Duration.ofMinutes(5));
        assertEquals(List.of("2026-10-31T05:30:00Z", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"), slots(newYork));
    }

    @Test
    void afterDowntimeOnlyTheMostRecentMissedSlotFires() {
        Policy hourly = policy("p", "@hourly", null, "db");
        List<PlannedRun> runs = planner.plan(List.of(hourly),
                Instant.parse("2026-06-01T10:00:30Z"), Instant.parse("2026-06-01T15:20:00Z"));
        assertEquals(List.of("2026-06-01T15:00:00Z"), slots(runs));

        // the first evaluation after start-up has no previous instant: it catches up within the deadline too
        assertEquals(List.of("2026-06-01T15:00:00Z"),
                slots(planner.plan(List.of(hourly), null, Instant.parse("2026-06-01T15:20:00Z"))));
    }

    @Test
    void aMissedSlotOlderThanTheStartingDeadlineNeverFires() {
        SchedulePlanner strict = new SchedulePlanner(Duration.ofMinutes(10));
        Policy hourly = policy("p", "@hourly", null, "db");
        assertEquals(List.of(), strict.plan(List.of(hourly),
                Instant.parse("2026-06-01T10:00:30Z"), Instant.parse("2026-06-01T15:20:00Z")));
        assertEquals(List.of(), strict.plan(List.of(hourly), null, Instant.parse("2026-06-01T15:10:01Z")));
        assertEquals(List.of("2026-06-01T15:00:00Z"),
                slots(strict.plan(List.of(hourly), null, Instant.parse("2026-06-01T15:10:00Z"))));
    }

    @Test
    void disabledPoliciesFireNothing() {
        assertTrue(planner.plan(List.of(disabled(policy("p", "* * * * *", null, "db"))),
                Instant.parse("2026-06-01T10:00:30Z"), Instant.parse("2026-06-01T10:05:00Z")).isEmpty());
    }

    @Test
    void drillsFireOnTheirOwnScheduleWithTheirOwnIds() {
        Policy policy = withDrill(policy("p", "@daily", null, "db"), "0 12 * * *");
        List<PlannedRun> runs = planner.plan(List.of(policy),
                Instant.parse("2026-06-01T11:59:00Z"), Instant.parse("2026-06-01T12:00:00Z"));
        assertEquals(1, runs.size());
        assertEquals(PlannedRun.Kind.DRILL, runs.get(0).kind());
        assertEquals("drill.p.db.1780315200", runs.get(0).id());
    }

    /** Evaluates like the ticker does: every {@code step} from {@code from} (exclusive start) to {@code to}. */
    static List<PlannedRun> tickThrough(SchedulePlanner planner, List<Policy> policies, String from, String to,
                                        Duration step) {
        List<PlannedRun> runs = new ArrayList<>();
        Instant last = Instant.parse(from);
        Instant end = Instant.parse(to);
        for (Instant now = last.plus(step); !now.isAfter(end); now = now.plus(step)) {
            runs.addAll(planner.plan(policies, last, now));
            last = now;
        }
        if (last.isBefore(end)) {
            runs.addAll(planner.plan(policies, last, end));
        }
        return runs;
    }

    static List<String> slots(List<PlannedRun> runs) {
        return runs.stream().map(run -> run.scheduledAt().toString()).toList();
    }
}
