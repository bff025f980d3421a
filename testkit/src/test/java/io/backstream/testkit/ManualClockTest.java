package io.backstream.testkit;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ManualClockTest {

    @Test
    void standsStillUntilSetOrAdvanced() {
        Instant start = Instant.parse("2026-11-21T10:00:00Z");
        ManualClock clock = new ManualClock(start);
        assertEquals(start, clock.instant());
        assertEquals(start, clock.instant());
        clock.advance(Duration.ofHours(1));
        assertEquals(Instant.parse("2026-11-21T11:00:00Z"), clock.instant());
        clock.set(Instant.parse("2026-11-20T00:00:00Z"));
        assertEquals(Instant.parse("2026-11-20T00:00:00Z"), clock.instant());
        assertEquals(ZoneOffset.UTC, clock.getZone());
    }
}
