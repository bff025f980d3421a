package io.backstream.support.retry;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BackoffTest {

    private final Backoff exponential = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), 2.0, 0.2);

    @Test
    void boundDoublesFromTheInitialDelayUpToTheMaximum() {
        assertEquals(Duration.ofMillis(200), exponential.bound(1));
        assertEquals(Duration.ofMillis(400), exponential.bound(2));
        assertEquals(Duration.ofMillis(3200), exponential.bound(5));
        assertEquals(Duration.ofSeconds(5), exponential.bound(6));
        assertEquals(Duration.ofSeconds(5), exponential.bound(1000));
    }

    @Test
    void jitterTakesUpToItsShareOffTheBound() {
        assertEquals(Duration.ofMillis(400), exponential.delay(2, 0.0));
        assertEquals(Duration.ofMillis(360), exponential.delay(2, 0.5));
        assertEquals(Duration.ofMillis(321), exponential.delay(2, 0.99));
        for (int i = 0; i < 100; i++) {
            long millis = exponential.delay(3).toMillis();
            assertEquals(true, millis > 640 && millis <= 800, "delay " + millis + " outside (640, 800]");
        }
    }

    @Test
    void aMultiplierOfOneIsAFixedPause() {
        Backoff fixed = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(2), 1.0, 0.0);
        assertEquals(Duration.ofSeconds(2), fixed.delay(1));
        assertEquals(Duration.ofSeconds(2), fixed.delay(50));
    }

    @Test
    void rejectsSettingsThatMakeNoSense() {
        assertThrows(IllegalArgumentException.class,
                () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2.0, 0.0));
        assertThrows(IllegalArgumentException.class,
                () -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 0.5, 0.0));
        assertThrows(IllegalArgumentException.class,
                () -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 1.0, 1.5));
        assertThrows(IllegalArgumentException.class, () -> exponential.bound(0));
    }
}
