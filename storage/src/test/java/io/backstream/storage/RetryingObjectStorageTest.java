package io.backstream.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstream.storage.local.LocalObjectStorage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retry wrapper over a flaky network: a test double that fails the next calls with scripted
 * exceptions, then lets them through to a real local storage.
 */
class RetryingObjectStorageTest {

    private static final RetryPolicy POLICY = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(350), 2.0);

    @TempDir
    Path root;

    private final Deque<StorageException> failures = new ArrayDeque<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final List<Duration> sleeps = new ArrayList<>();
    private ObjectStorage flaky;

    @BeforeEach
    void flakyBackend() {
        ObjectStorage real = new LocalObjectStorage(root);
        flaky = (ObjectStorage) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ObjectStorage.class},
                (proxy, method, args) -> {
                    calls.incrementAndGet();
                    StorageException next = failures.poll();
                    if (next != null) {
                        // Like a connection dropped mid-request: part of the body was already sent.
                        if (args != null && args.length > 2 && args[2] instanceof ByteBuffer part) {
                            part.position(part.limit() / 2);
                        }
                        throw next;
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private RetryingObjectStorage retrying(double jitter) {
        return new RetryingObjectStorage(flaky, POLICY, sleeps::add, () -> jitter);
    }

    private static StorageException transientFailure(int n) {
        return new StorageException(StorageException.Kind.TRANSIENT, "put", "k", "503 SlowDown #" + n);
    }

    @Test
    void retryableFailuresAreRetriedWithGrowingDelaysUntilTheCallSucceeds() throws Exception {
        failures.addAll(List.of(transientFailure(1), transientFailure(2), transientFailure(3)));

        retrying(1.0).put("manifest.json", "{}".getBytes(StandardCharsets.UTF_8), "application/json");

        assertEquals(4, calls.get());
        assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(350)), sleeps);
        assertArrayEquals("{}".getBytes(StandardCharsets.UTF_8), flaky.read("manifest.json").readAllBytes());
    }

    @Test
    void fullJitterScalesEveryDelayBelowItsBound() {
        failures.addAll(List.of(transientFailure(1), transientFailure(2)));

        retrying(0.25).put("m", new byte[1], "application/octet-stream");

        assertEquals(List.of(Duration.ofMillis(25), Duration.ofMillis(50)), sleeps);
    }

    @Test
    void afterTheLastAttemptTheFinalExceptionSurfaces() {
        for (int i = 1; i <= 10; i++) {
            failures.add(transientFailure(i));
        }

        StorageException thrown = assertThrows(StorageException.class,
                () -> retrying(1.0).put("m", new byte[1], "application/octet-stream"));

        assertEquals(POLICY.maxAttempts(), calls.get());
        assertEquals(POLICY.maxAttempts() - 1, sleeps.size());
        assertEquals("put k: 503 SlowDown #5", thrown.getMessage());
        assertTrue(thrown.retryable());
    }

    @Test
    void permanentFailuresAreNotRetried() {
        StorageException denied = new StorageException(StorageException.Kind.ACCESS_DENIED, "read", "k", "AccessDenied");
        failures.add(denied);

        StorageException thrown = assertThrows(StorageException.class, () -> retrying(1.0).read("k"));

        assertSame(denied, thrown);
        assertEquals(1, calls.get());
        assertTrue(sleeps.isEmpty());
    }

    @Test
    void aRetriedPartSendsTheWholePartAgain() throws Exception {
        byte[] part = new byte[10_000];
        new java.util.Random(7).nextBytes(part);
        RetryingObjectStorage storage = retrying(0.0);
        MultipartUpload upload = storage.start("archive", WriteOptions.DEFAULT);
        failures.addAll(List.of(transientFailure(1), transientFailure(2)));

        ByteBuffer buffer = ByteBuffer.wrap(part);
        storage.uploadPart(upload, 1, buffer, Checksums.sha256Hex(part));
        storage.complete(upload, storage.listParts(upload));

        assertArrayEquals(part, storage.read("archive").readAllBytes());
        assertEquals(0, buffer.position(), "the caller's buffer is untouched");
    }
}
