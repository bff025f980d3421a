package io.backstream.restore.storage;

import com.google.cloud.storage.StorageOptions;
import io.backstream.restore.config.StorageProperties;
import io.backstream.restore.domain.Storages;
import io.backstream.storage.ObjectStorage;
import io.backstream.storage.RetryPolicy;
import io.backstream.storage.RetryingObjectStorage;
import io.backstream.storage.gcs.GcsConfig;
import io.backstream.storage.gcs.GcsObjectStorage;
import io.backstream.storage.local.LocalObjectStorage;
import io.backstream.storage.s3.S3Config;
import io.backstream.storage.s3.S3ObjectStorage;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The storages configured under {@code backstream.storages.<name>}, each wrapped in a
 * {@link RetryingObjectStorage}. A storage whose settings are incomplete fails start-up naming the property.
 */
@Singleton
public class StorageRegistry implements Storages, AutoCloseable {

    private final Map<String, ObjectStorage> storages = new LinkedHashMap<>();

    public StorageRegistry(List<StorageProperties> configured, Optional<StorageDecorator> decorator) {
        for (StorageProperties properties : configured) {
            ObjectStorage backend = create(properties);
            ObjectStorage decorated = decorator.map(d -> d.decorate(properties.getName(), backend)).orElse(backend);
            storages.put(properties.getName(), new RetryingObjectStorage(decorated, RetryPolicy.DEFAULT));
        }
    }

    private static ObjectStorage create(StorageProperties p) {
        String base = "backstream.storages." + p.getName() + ".";
        if (p.getType() == null) {
            throw new ConfigurationException(base + "type is required (local, s3 or gcs)");
        }
        switch (p.getType()) {
            case LOCAL -> {
                return new LocalObjectStorage(Path.of(require(p.getRoot(), base + "root")));
            }
            case S3 -> {
                require(p.getBucket(), base + "bucket");
                if ((p.getAccessKey() == null) != (p.getSecretKey() == null)) {
                    throw new ConfigurationException(base + "access-key and " + base + "secret-key go together");
                }
                // no key prefix in the backend: the keys the catalog and the manifests name already carry it
                return new S3ObjectStorage(new S3Config(p.getBucket(), null, p.getRegion(), p.getEndpoint(),
                        p.isPathStyle(), p.getAccessKey(), p.getSecretKey(), null, null, true, 1000, null));
            }
            case GCS -> {
                require(p.getBucket(), base + "bucket");
                // reads need no upload sessions; the directory only satisfies the config
                Path sessions = Path.of(System.getProperty("java.io.tmpdir"), "backstream-gcs-sessions-" + p.getName());
                return new GcsObjectStorage(StorageOptions.getDefaultInstance().getService(),
                        GcsConfig.of(p.getBucket(), null, sessions));
            }
            default -> throw new ConfigurationException(base + "type " + p.getType() + " is not supported");
        }
    }

    private static String require(String value, String property) {
        if (value == null || value.isBlank()) {
            throw new ConfigurationException(property + " is required");
        }
        return value;
    }

    @Override
    public Optional<ObjectStorage> find(String name) {
        return Optional.ofNullable(name).map(storages::get);
    }

    @PreDestroy
    @Override
    public void close() {
        storages.values().forEach(ObjectStorage::close);
    }
}
