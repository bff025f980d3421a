package io.backstream.uploader.it;

import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import io.backstream.uploader.storage.GcsClientFactory;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * Replaces the real GCS client with Google's in-memory {@link LocalStorageHelper} (no GCS emulator
 * installs here). Its limits (STACK.md): no bucket creation, compose, paging, batch delete,
 * {@code doesNotExist()} preconditions or unsigned signUrl; resumable sessions resume through
 * {@code capture()}/{@code restore()} as on real GCS. One instance per test JVM so tests can read
 * back what the uploader wrote.
 */
@Factory
@Requires(property = "test.fake-gcs", value = "true")
class FakeGcsFactory {

    static final Storage STORAGE = LocalStorageHelper.customOptions(true).getService();

    @Singleton
    @Replaces(bean = Storage.class, factory = GcsClientFactory.class)
    Storage fakeGcs() {
        return STORAGE;
    }
}
