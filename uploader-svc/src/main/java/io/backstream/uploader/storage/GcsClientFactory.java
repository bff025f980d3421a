package io.backstream.uploader.storage;

import com.google.cloud.storage.Storage;
import io.backstream.storage.gcs.GcsObjectStorage;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/**
 * The Google Cloud Storage client, with Application Default Credentials. Created only when a
 * {@code gcs} storage is configured; a bean so tests can replace it.
 */
@Factory
public class GcsClientFactory {

    @Singleton
    @Bean(preDestroy = "close")
    Storage gcsClient() {
        return GcsObjectStorage.applicationDefaultClient();
    }
}
