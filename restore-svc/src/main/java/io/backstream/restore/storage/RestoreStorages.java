package io.backstream.restore.storage;

import com.google.cloud.storage.Storage;
import io.backstream.restore.config.RestoreStorageConfig;
import io.backstream.restore.domain.Storages;
import io.backstream.storage.ObjectStorage;
import io.backstream.storage.registry.StorageDecorator;
import io.backstream.storage.registry.StorageRegistry;
import io.micronaut.context.BeanProvider;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Optional;

/**
 * The storages configured under {@code backstream.storages.<name>}, built by the storage module's
 * {@link StorageRegistry}: decorated by each {@link StorageDecorator} bean and retried as the storage's
 * {@code retry-*} keys say. A storage whose settings are incomplete fails start-up naming the property.
 */
@Singleton
public class RestoreStorages implements Storages, AutoCloseable {

    private final StorageRegistry registry;

    public RestoreStorages(List<RestoreStorageConfig> configured, List<StorageDecorator> decorators,
                           BeanProvider<Storage> gcsClient) {
        this.registry = new StorageRegistry(configured.stream().map(RestoreStorageConfig::toSpec).toList(), decorators,
                gcsClient::get);
    }

    @Override
    public Optional<ObjectStorage> find(String name) {
        return registry.find(name);
    }

    @PreDestroy
    @Override
    public void close() {
        registry.close();
    }
}
