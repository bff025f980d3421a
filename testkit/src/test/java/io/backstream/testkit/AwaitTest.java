package io.backstream.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {

    @Test
    void conditionThatNeverHoldsFailsNamingIt() {
        AssertionError error = assertThrows(AssertionError.class,
                () -> Await.until(Duration.ofMillis(200), () -> false, "the moon to turn blue"));
        assertTrue(error.getMessage().contains("the moon to turn blue"), error.getMessage());
        assertTrue(error.getMessage().contains("PT0.2S"), error.getMessage());
    }

    @Test
    void returnsTheFirstPresentValueAfterPolling() {
        AtomicInteger calls = new AtomicInteger();
        String value = Await.untilPresent(Duration.ofSeconds(10),
                () -> calls.incrementAndGet() < 3 ? Optional.empty() : Optional.of("ready"), "third poll");
        assertEquals("ready", value);
        assertEquals(3, calls.get());
    }

    @Test
    void uniqueNamesAreValidS3BucketNames() {
        String bucket = UniqueNames.bucket("-Some_Very.Long.PREFIX-that-goes-on-and-on-and-on-forever-and-ever-");
        assertTrue(bucket.matches("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]"), bucket);
        assertTrue(UniqueNames.topic("a.b").matches("a\\.b-[0-9a-f]{12}"));
    }
}
