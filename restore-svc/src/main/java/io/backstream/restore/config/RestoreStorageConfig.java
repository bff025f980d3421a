package io.backstream.restore.config;

import io.backstream.storage.RetryPolicy;
import io.backstream.storage.WriteOptions;
import io.backstream.storage.registry.StorageSpec;
import io.backstream.storage.registry.StorageSpecBuilder;
import io.backstream.storage.registry.StorageSpecException;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.context.exceptions.ConfigurationException;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Binds one named storage, {@code backstream.storages.<name>.*}, to the storage module's
 * {@link StorageSpecBuilder}, which documents every key and checks their combination; the same keys as the
 * uploader's, so one configuration block serves both services. Reads use the full keys the catalog and the
 * manifests name, so {@code prefix} is accepted but not applied. Unset {@code retry-*} keys take
 * {@link RetryPolicy#DEFAULT}.
 */
@EachProperty("backstream.storages")
public class RestoreStorageConfig {

    private final StorageSpecBuilder spec;

    public RestoreStorageConfig(@Parameter String name) {
        this.spec = new StorageSpecBuilder(name);
    }

    /** The validated spec; a bad combination fails start-up naming the key. */
    public StorageSpec toSpec() {
        if (!spec.hasSessionDir()) {
            // reads need no upload sessions; the directory only satisfies the gcs backend
            spec.setSessionDir(Path.of(System.getProperty("java.io.tmpdir"), "backstream-gcs-sessions-" + spec.name()));
        }
        try {
            return spec.build(RetryPolicy.DEFAULT);
        } catch (StorageSpecException e) {
            throw new ConfigurationException(e.getMessage());
        }
    }

    public void setType(StorageSpec.Type type) { spec.setType(type); }

    public void setRoot(Path root) { spec.setRoot(root); }

    public void setBucket(String bucket) { spec.setBucket(bucket); }

    public void setPrefix(String prefix) { spec.setPrefix(prefix); }

    public void setRegion(String region) { spec.setRegion(region); }

    public void setEndpoint(URI endpoint) { spec.setEndpoint(endpoint); }

    public void setPathStyle(boolean pathStyle) { spec.setPathStyle(pathStyle); }

    public void setAccessKey(String accessKey) { spec.setAccessKey(accessKey); }

    public void setSecretKey(String secretKey) { spec.setSecretKey(secretKey); }

    public void setEncryption(WriteOptions.SseMode encryption) { spec.setEncryption(encryption); }

    public void setKmsKeyId(String kmsKeyId) { spec.setKmsKeyId(kmsKeyId); }

    public void setStorageClass(String storageClass) { spec.setStorageClass(storageClass); }

    public void setObjectLockMode(WriteOptions.LockMode mode) { spec.setObjectLockMode(mode); }

    public void setObjectLockRetainDays(Integer days) { spec.setObjectLockRetainDays(days); }

    public void setPartChecksums(boolean partChecksums) { spec.setPartChecksums(partChecksums); }

    public void setRequestTimeout(Duration requestTimeout) { spec.setRequestTimeout(requestTimeout); }

    public void setSessionDir(Path sessionDir) { spec.setSessionDir(sessionDir); }

    public void setRetryMaxAttempts(Integer attempts) { spec.setRetryMaxAttempts(attempts); }

    public void setRetryInitialDelay(Duration delay) { spec.setRetryInitialDelay(delay); }

    public void setRetryMaxDelay(Duration delay) { spec.setRetryMaxDelay(delay); }
}
