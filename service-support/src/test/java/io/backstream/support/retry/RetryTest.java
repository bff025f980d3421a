package io.backstream.support.retry;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RetryTest {

    private final List<Duration> sleeps = new ArrayList<>();
    private final Retry retry = new Retry(4, new Backoff(Duration.ofMillis(100), Duration.ofMillis(250), 2.0, 0.0),
            sleeps::add);

    @Test
    void retriesTransientFailuresWithGrowingWaitsUntilOneAttemptSucceeds() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        String result = retry.call("test call", () -> {
            if (attempts.incrementAndGet() < 4) {
                throw new Retry.TransientFailure("HTTP 503");
            }
            return "ok";
        });
        assertEquals("ok", result);
        assertEquals(4, attempts.get());
        assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(250)), sleeps);
    }

    @Test
    void givesUpAfterTheLastAttemptWithItsFailure() {
        AtomicInteger attempts = new AtomicInteger();
        Retry.TransientFailure failure = assertThrows(Retry.TransientFailure.class, () -> retry.call("test call",
                () -> {
                    throw new Retry.TransientFailure("refused " + attempts.incrementAndGet());
                }));
        assertEquals("refused 4", failure.getMessage());
        assertEquals(3, sleeps.size(), "no wait after the last attempt");
    }

    @Test
    void otherExceptionsEndTheCallAtOnce() {
        AtomicInteger attempts = new AtomicInteger();
        assertThrows(IllegalStateException.class, () -> retry.call("test call", () -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("HTTP 400");
        }));
        assertEquals(1, attempts.get());
        assertEquals(List.of(), sleeps);
    }

    @Test
    void anInterruptedWaitEndsTheCall() {
        Retry interrupted = new Retry(3, new Backoff(Duration.ZERO, Duration.ZERO, 1.0, 0.0), duration -> {
            throw new InterruptedException();
        });
        assertThrows(InterruptedException.class, () -> interrupted.call("test call", () -> {
            throw new Retry.TransientFailure("down");
        }));
    }

    @Test
    void oneAttemptMeansNoRetry() {
        Retry once = new Retry(1, new Backoff(Duration.ZERO, Duration.ZERO, 1.0, 0.0), sleeps::add);
        assertThrows(Retry.TransientFailure.class, () -> once.call("test call", () -> {
            throw new Retry.TransientFailure("down");
        }));
        assertEquals(List.of(), sleeps);
        assertThrows(IllegalArgumentException.class, () -> new Retry(0, new Backoff(Duration.ZERO, Duration.ZERO, 1.0, 0.0)));
    }
}
