package io.backstream.storage.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import io.backstream.storage.ObjectStorage;
import io.backstream.storage.RetryPolicy;
import io.backstream.storage.StorageException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageRegistryTest {

    private static final RetryPolicy NO_WAIT = new RetryPolicy(3, Duration.ZERO, Duration.ZERO, 1.0);

    @TempDir
    Path tmp;

    private final AtomicInteger gcsClients = new AtomicInteger();
    private final Supplier<Storage> fakeGcs = () -> {
        gcsClients.incrementAndGet();
        return LocalStorageHelper.customOptions(true).getService();
    };

    private StorageSpec local(String name, Integer attempts) {
        StorageSpecBuilder b = new StorageSpecBuilder(name);
        b.setType(StorageSpec.Type.LOCAL);
        b.setRoot(tmp.resolve(name));
        b.setRetryMaxAttempts(attempts);
        return b.build(NO_WAIT);
    }

    private StorageSpec gcs(String name) {
        StorageSpecBuilder b = new StorageSpecBuilder(name);
        b.setType(StorageSpec.Type.GCS);
        b.setBucket("bucket");
        b.setSessionDir(tmp.resolve(name + "-sessions"));
        return b.build(NO_WAIT);
    }

    private static StorageSpec s3(String name) {
        StorageSpecBuilder b = new StorageSpecBuilder(name);
        b.setType(StorageSpec.Type.S3);
        b.setBucket("bucket");
        b.setEndpoint(java.net.URI.create("http://127.0.0.1:1"));
        b.setAccessKey("id");
        b.setSecretKey("secret");
        return b.build(NO_WAIT);
    }

    @Test
    void everyTypeBuildsAndGcsStoragesShareOneClient() {
        try (StorageRegistry registry = new StorageRegistry(List.of(local("disk", null), s3("s3"), gcs("g1"), gcs("g2")),
                List.of(), fakeGcs)) {
            assertEquals(List.of("disk", "s3", "g1", "g2"), List.copyOf(registry.names()));
            ObjectStorage disk = registry.find("disk").orElseThrow();
            disk.put("a/b", "hello".getBytes(StandardCharsets.UTF_8), "text/plain");
            assertEquals(5, disk.head("a/b").orElseThrow().size());
            registry.find("g1").orElseThrow().put("x", new byte[3], "text/plain");
            assertEquals(3, registry.find("g1").orElseThrow().head("x").orElseThrow().size());
            assertEquals(1, gcsClients.get());
            assertEquals("bucket", registry.spec("s3").orElseThrow().bucket());
            assertTrue(registry.find("missing").isEmpty());
            assertTrue(registry.find(null).isEmpty());
        }
    }

    @Test
    void noGcsClientIsMadeWithoutAGcsStorage() {
        new StorageRegistry(List.of(local("disk", null)), List.of(), fakeGcs).close();

        assertEquals(0, gcsClients.get());
    }

    @Test
    void decoratorsApplyInOrderInsideTheRetryPolicyOfTheSpec() {
        List<String> seen = new ArrayList<>();
        AtomicInteger failuresLeft = new AtomicInteger();
        StorageDecorator flaky = (name, storage) -> proxy(storage, () -> {
            seen.add("flaky:" + name);
            if (failuresLeft.getAndDecrement() > 0) {
                throw new StorageException(StorageException.Kind.TRANSIENT, "head", "k", "503");
            }
        });
        StorageDecorator outer = (name, storage) -> proxy(storage, () -> seen.add("outer:" + name));

        try (StorageRegistry registry = new StorageRegistry(List.of(local("three", 3), local("one", 1)),
                List.of(flaky, outer), fakeGcs)) {
            failuresLeft.set(2);
            assertTrue(registry.find("three").orElseThrow().head("k").isEmpty(), "third attempt gets through");
            assertEquals(List.of("outer:three", "flaky:three", "outer:three", "flaky:three", "outer:three", "flaky:three"), seen);

            failuresLeft.set(1);
            assertThrows(StorageException.class, () -> registry.find("one").orElseThrow().head("k"),
                    "one attempt: no retry");
        }
    }

    @Test
    void aNameConfiguredTwiceIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new StorageRegistry(List.of(local("disk", null), local("disk", null)), List.of(), fakeGcs));
    }

    private static ObjectStorage proxy(ObjectStorage target, Runnable before) {
        return (ObjectStorage) Proxy.newProxyInstance(StorageRegistryTest.class.getClassLoader(),
                new Class<?>[] {ObjectStorage.class}, (p, method, args) -> {
                    if (!method.getName().equals("close")) {
                        before.run();
                    }
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
