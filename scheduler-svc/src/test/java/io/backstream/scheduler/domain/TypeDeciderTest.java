package io.backstream.scheduler.domain;

import io.backstream.schema.BackupType;
import io.backstream.schema.event.Policy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;

import static io.backstream.scheduler.domain.Policies.policy;
import static io.backstream.scheduler.domain.Policies.withCadence;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The full/incremental decision table. */
class TypeDeciderTest {

    private final TypeDecider decider = new TypeDecider(new SchedulePlanner(Duration.ofHours(1)));

    @ParameterizedTest(name = "full={0} maxCount={1} maxSpan={2} lastFull={3} incrementals={4} -> {5} ({6})")
    @CsvSource(nullValues = "-", value = {
            // no cadence at all: every run is FULL
            "-,          -, -,    2026-06-01T02:00:00Z, 0, FULL,        no-incremental-cadence",
            // a cadence but no completed full yet
            "-,          6, -,    -,                    0, FULL,        no-full-yet",
            // weekly full on Sunday 03:00; the run is Monday 02:00 after a full on Saturday 02:00
            "0 3 * * 0,  -, -,    2026-06-06T02:00:00Z, 1, FULL,        full-schedule-due",
            // full slot not reached since the last full (full on Sunday 04:00, run Monday 02:00)
            "0 3 * * 0,  -, -,    2026-06-07T04:00:00Z, 0, INCREMENTAL, incremental",
            "-,          6, -,    2026-06-02T02:00:00Z, 5, INCREMENTAL, incremental",
            "-,          6, -,    2026-06-02T02:00:00Z, 6, FULL,        max-incremental-count",
            "-,          0, -,    2026-06-07T02:00:00Z, 0, FULL,        max-incremental-count",
            "-,          -, P7D,  2026-06-01T02:00:01Z, 3, INCREMENTAL, incremental",
            "-,          -, P7D,  2026-06-01T02:00:00Z, 3, FULL,        max-incremental-span",
            "-,          -, PT36H, 2026-06-06T14:00:01Z, 1, INCREMENTAL, incremental",
            "-,          -, P1M,  2026-05-08T02:00:00Z, 9, FULL,        max-incremental-span",
            "-,          -, P1M,  2026-05-08T02:00:01Z, 9, INCREMENTAL, incremental",
    })
    void decides(String fullSchedule, Integer maxCount, String maxSpan, String lastFullAt, int incrementals,
                 BackupType expected, String reason) {
        Policy policy = withCadence(policy("p", "0 2 * * *", "UTC", "db"), fullSchedule, maxCount, maxSpan);
        ChainState chain = lastFullAt == null ? ChainState.EMPTY
                : new ChainState("last-backup", "last-full", Instant.parse(lastFullAt), incrementals);
        TypeDecision decision = decider.decide(policy, chain, Instant.parse("2026-06-08T02:00:00Z"));
        assertEquals(expected, decision.type());
        assertEquals(reason, decision.reason());
        assertEquals(expected == BackupType.INCREMENTAL ? "last-backup" : null, decision.parentBackupId());
    }
}
