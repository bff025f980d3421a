package io.backstream.uploader.domain;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TokenBucketTest {

    private long now;
    private final List<Long> sleeps = new ArrayList<>();

    private TokenBucket bucket(long rate) {
        return new TokenBucket(rate, () -> now, nanos -> {
            sleeps.add(nanos);
            now += nanos;
        });
    }

    @Test
    void aFullBucketLetsOneSecondOfBytesThroughAtOnce() throws InterruptedException {
        TokenBucket bucket = bucket(1000);
        bucket.acquire(1000);
        assertEquals(List.of(), sleeps);
    }

    @Test
    void sustainedTrafficIsHeldToTheRate() throws InterruptedException {
        TokenBucket bucket = bucket(1000);
        for (int i = 0; i < 5; i++) {
            bucket.acquire(1000);
        }
        // the first second is the burst, then each 1000 bytes waits one second
        assertEquals(4_000_000_000L, sleeps.stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void aRequestLargerThanTheBurstRunsIntoDebtThatTheNextRequestRepays() throws InterruptedException {
        TokenBucket bucket = bucket(1000);
        bucket.acquire(5000);
        assertEquals(List.of(), sleeps, "a full bucket admits it");
        bucket.acquire(1);
        // 4000 bytes of debt plus the byte itself at 1000 B/s
        assertEquals(List.of(4_001_000_000L), sleeps);
    }

    @Test
    void theRateMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0));
    }
}
