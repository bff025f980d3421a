package io.backstream.restore.config;

import io.backstream.storage.RetryPolicy;
import io.backstream.storage.registry.StorageSpec;
import io.backstream.storage.registry.StorageSpecBuilder;
import io.backstream.storage.registry.StorageSpecException;
import io.micronaut.context.annotation.ConfigurationBuilder;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.context.exceptions.ConfigurationException;

import java.nio.file.Path;

/**
 * Binds one named storage, {@code backstream.storages.<name>.*}, to the storage module's
 * {@link StorageSpecBuilder}, which documents every key and checks their combination; the same keys as the
 * uploader's, so one configuration block serves both services. Reads use the full keys the catalog and the
 * manifests name, so {@code prefix} is accepted but not applied. Unset {@code retry-*} keys take
 * {@link RetryPolicy#DEFAULT}.
 */
@EachProperty("backstream.storages")
public class RestoreStorageConfig {

    /** Each key {@code backstream.storages.<name>.<key>} is a setter of the builder ({@code setPathStyle}). */
    @ConfigurationBuilder(prefixes = "set")
    final StorageSpecBuilder spec;

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
}
