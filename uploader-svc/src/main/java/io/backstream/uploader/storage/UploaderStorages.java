package io.backstream.uploader.storage;

import com.google.cloud.storage.Storage;
import io.backstream.storage.RetryPolicy;
import io.backstream.storage.registry.StorageDecorator;
import io.backstream.storage.registry.StorageRegistry;
import io.backstream.storage.registry.StorageSpec;
import io.backstream.uploader.config.UploaderConfiguration;
import io.backstream.uploader.config.UploaderStorageConfig;
import io.backstream.uploader.domain.NamedStorage;
import io.backstream.uploader.domain.StorageDirectory;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The uploader's storages: every {@code backstream.storages.*} built by the storage module's
 * {@link StorageRegistry} (decorated by each {@link StorageDecorator} bean, retried as
 * {@code backstream.uploader.retry-*} or the storage's own {@code retry-*} keys say). Start-up fails naming
 * the property when a storage is incomplete or {@code backstream.uploader.default-storage} names none of them.
 */
@Singleton
public class UploaderStorages implements StorageDirectory, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UploaderStorages.class);

    private final Map<String, NamedStorage> storages = new LinkedHashMap<>();
    private final StorageRegistry registry;
    private final String defaultName;

    public UploaderStorages(List<UploaderStorageConfig> configured, UploaderConfiguration configuration,
                            BeanProvider<Storage> gcsClient, List<StorageDecorator> decorators) {
        RetryPolicy retry = new RetryPolicy(configuration.getRetryMaxAttempts(), configuration.getRetryInitialDelay(),
                configuration.getRetryMaxDelay(), 2.0);
        List<StorageSpec> specs = configured.stream().map(c -> c.toSpec(retry)).toList();
        this.registry = new StorageRegistry(specs, decorators, gcsClient::get);
        for (StorageSpec spec : specs) {
            storages.put(spec.name(), new NamedStorage(spec.name(), spec.bucket(), spec.prefix(),
                    registry.find(spec.name()).orElseThrow(), spec.writeOptions(), spec.lockMode(), spec.lockRetention()));
            LOG.info("Storage {}: {}", spec.name(), spec);
        }
        this.defaultName = configuration.getDefaultStorage();
        if (!storages.containsKey(defaultName)) {
            registry.close();
            throw new ConfigurationException("backstream.uploader.default-storage names '" + defaultName
                    + "' but backstream.storages configures " + storages.keySet());
        }
    }

    @Override
    public Optional<NamedStorage> find(String name) {
        return Optional.ofNullable(name == null ? null : storages.get(name));
    }

    @Override
    public String defaultName() {
        return defaultName;
    }

    @Override
    public Set<String> names() {
        return storages.keySet();
    }

    @PreDestroy
    @Override
    public void close() {
        registry.close();
    }
}
