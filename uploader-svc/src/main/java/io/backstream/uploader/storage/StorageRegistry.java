package io.backstream.uploader.storage;

import io.backstream.storage.ObjectStorage;
import io.backstream.storage.RetryPolicy;
import io.backstream.storage.RetryingObjectStorage;
import io.backstream.storage.WriteOptions;
import io.backstream.storage.gcs.GcsConfig;
import io.backstream.storage.gcs.GcsObjectStorage;
import io.backstream.storage.local.LocalObjectStorage;
import io.backstream.storage.s3.S3Config;
import io.backstream.storage.s3.S3ObjectStorage;
import io.backstream.uploader.config.StorageProperties;
import io.backstream.uploader.config.UploaderConfiguration;
import io.backstream.uploader.domain.NamedStorage;
import io.backstream.uploader.domain.StorageDirectory;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds every storage of {@code backstream.storages.*} at start-up, each wrapped in
 * {@link RetryingObjectStorage}, and fails start-up naming the property when one is incomplete or
 * {@code backstream.uploader.default-storage} names none of them.
 */
@Singleton
public class StorageRegistry implements StorageDirectory, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StorageRegistry.class);
    private static final String ARCHIVE_TYPE = "application/octet-stream";

    private final Map<String, NamedStorage> storages = new LinkedHashMap<>();
    private final String defaultName;

    public StorageRegistry(List<StorageProperties> properties, UploaderConfiguration configuration,
                           BeanProvider<com.google.cloud.storage.Storage> gcsClient,
                           List<ObjectStorageDecorator> decorators) {
        RetryPolicy retry = new RetryPolicy(configuration.getRetryMaxAttempts(), configuration.getRetryInitialDelay(),
                configuration.getRetryMaxDelay(), 2.0);
        for (StorageProperties p : properties) {
            ObjectStorage backend = backend(p, gcsClient);
            for (ObjectStorageDecorator decorator : decorators) {
                backend = decorator.decorate(p.getName(), backend);
            }
            storages.put(p.getName(), new NamedStorage(p.getName(), p.getType() == StorageProperties.Type.LOCAL ? null : p.getBucket(),
                    p.getPrefix(), new RetryingObjectStorage(backend, retry), options(p), lockMode(p),
                    p.getObjectLockMode() == null ? null : Duration.ofDays(p.getObjectLockRetainDays())));
            LOG.info("Storage {}: {}", p.getName(), p);
        }
        this.defaultName = configuration.getDefaultStorage();
        if (!storages.containsKey(defaultName)) {
            throw new ConfigurationException("backstream.uploader.default-storage names '" + defaultName
                    + "' but backstream.storages configures " + storages.keySet());
        }
    }

    private static ObjectStorage backend(StorageProperties p, BeanProvider<com.google.cloud.storage.Storage> gcsClient) {
        String property = "backstream.storages." + p.getName() + ".";
        return switch (p.getType()) {
            case LOCAL -> {
                require(p.getRoot() != null, property + "root", "is required for a local storage");
                rejectS3Only(p, property, "a local storage");
                yield new LocalObjectStorage(p.getRoot());
            }
            case S3 -> {
                require(p.getBucket() != null && !p.getBucket().isBlank(), property + "bucket", "is required for an s3 storage");
                require((p.getAccessKey() == null) == (p.getSecretKey() == null), property + "secret-key",
                        "and access-key must be set together");
                require(p.getKmsKeyId() == null || p.getEncryption() == StorageProperties.Encryption.SSE_KMS,
                        property + "kms-key-id", "applies only with encryption sse-kms");
                require((p.getObjectLockMode() == null) == (p.getObjectLockRetainDays() == null),
                        property + "object-lock-retain-days", "and object-lock-mode must be set together");
                yield new S3ObjectStorage(new S3Config(p.getBucket(), null, p.getRegion(), p.getEndpoint(), p.isPathStyle(),
                        p.getAccessKey(), p.getSecretKey(), encryption(p), p.getStorageClass(), p.isPartChecksums(), 1000,
                        p.getRequestTimeout()));
            }
            case GCS -> {
                require(p.getBucket() != null && !p.getBucket().isBlank(), property + "bucket", "is required for a gcs storage");
                require(p.getSessionDir() != null, property + "session-dir", "is required for a gcs storage");
                rejectS3Only(p, property, "a gcs storage");
                yield new GcsObjectStorage(gcsClient.get(), GcsConfig.of(p.getBucket(), null, p.getSessionDir()));
            }
        };
    }

    private static void rejectS3Only(StorageProperties p, String property, String what) {
        require(p.getEncryption() == StorageProperties.Encryption.NONE, property + "encryption", "is not supported by " + what);
        require(p.getObjectLockMode() == null, property + "object-lock-mode", "is not supported by " + what);
        require(p.getAccessKey() == null && p.getSecretKey() == null, property + "access-key",
                "is not used by " + what);
    }

    private static WriteOptions.Encryption encryption(StorageProperties p) {
        return switch (p.getEncryption()) {
            case NONE -> WriteOptions.Encryption.NONE;
            case SSE_S3 -> WriteOptions.Encryption.SSE_S3;
            case SSE_KMS -> WriteOptions.Encryption.kms(p.getKmsKeyId());
        };
    }

    private static WriteOptions options(StorageProperties p) {
        WriteOptions options = WriteOptions.ofContentType(ARCHIVE_TYPE);
        if (p.getType() == StorageProperties.Type.LOCAL) {
            return options;
        }
        options = options.withStorageClass(p.getStorageClass());
        return p.getType() == StorageProperties.Type.S3 ? options.withEncryption(encryption(p)) : options;
    }

    private static WriteOptions.LockMode lockMode(StorageProperties p) {
        return p.getObjectLockMode() == null ? null : WriteOptions.LockMode.valueOf(p.getObjectLockMode().name());
    }

    private static void require(boolean ok, String property, String message) {
        if (!ok) {
            throw new ConfigurationException(property + " " + message);
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
        for (NamedStorage storage : storages.values()) {
            storage.storage().close();
        }
    }
}
