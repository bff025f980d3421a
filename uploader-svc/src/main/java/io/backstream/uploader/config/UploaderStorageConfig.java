package io.backstream.uploader.config;

import io.backstream.storage.RetryPolicy;
import io.backstream.storage.registry.StorageSpec;
import io.backstream.storage.registry.StorageSpecBuilder;
import io.backstream.storage.registry.StorageSpecException;
import io.micronaut.context.annotation.ConfigurationBuilder;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.context.exceptions.ConfigurationException;

/**
 * Binds one named storage, {@code backstream.storages.<name>.*}, to the storage module's
 * {@link StorageSpecBuilder}, which documents every key and checks their combination. Unset {@code retry-*}
 * keys take {@code backstream.uploader.retry-*}.
 */
@EachProperty("backstream.storages")
public class UploaderStorageConfig {

    /** Each key {@code backstream.storages.<name>.<key>} is a setter of the builder ({@code setPathStyle}). */
    @ConfigurationBuilder(prefixes = "set")
    final StorageSpecBuilder spec;

    public UploaderStorageConfig(@Parameter String name) {
        this.spec = new StorageSpecBuilder(name);
    }

    /** The validated spec; a bad combination fails start-up naming the key. */
    public StorageSpec toSpec(RetryPolicy retryDefaults) {
        try {
            return spec.build(retryDefaults);
        } catch (StorageSpecException e) {
            throw new ConfigurationException(e.getMessage());
        }
    }

    /** The builder the keys are bound to. */
    public StorageSpecBuilder spec() {
        return spec;
    }
}
