package io.backstream.uploader.it;

import io.backstream.storage.CountingStorage;
import io.backstream.storage.ObjectStorage;
import io.backstream.storage.registry.StorageDecorator;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * Wraps every storage in a {@link CountingStorage} sharing {@link #COUNTS} across application contexts (static
 * state), so a test sees the parts really stored and can make the uploader play dead after one.
 */
@Singleton
@Requires(property = "test.count-parts", value = "true")
class PartCounter implements StorageDecorator {

    static final CountingStorage.Counts COUNTS = new CountingStorage.Counts();

    @Override
    public ObjectStorage decorate(String storageName, ObjectStorage storage) {
        return new CountingStorage(storage, COUNTS);
    }
}
