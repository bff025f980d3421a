package io.backstream.uploader.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.storage.Storage;
import io.backstream.storage.registry.StorageSpec;
import io.backstream.uploader.config.UploaderConfiguration;
import io.backstream.uploader.config.UploaderStorageConfig;
import io.backstream.uploader.domain.NamedStorage;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.exceptions.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

/** The uploader's side of storage configuration: the binding's errors and the default storage. */
class UploaderStoragesTest {

    private static final BeanProvider<Storage> NO_GCS = () -> {
        throw new AssertionError("no gcs storage is configured");
    };

    @TempDir
    Path tmp;

    private UploaderStorageConfig disk(String name) {
        UploaderStorageConfig config = new UploaderStorageConfig(name);
        config.spec().setType(StorageSpec.Type.LOCAL);
        config.spec().setRoot(tmp.resolve(name));
        config.spec().setPrefix("backups");
        return config;
    }

    private static UploaderConfiguration defaultStorage(String name) {
        UploaderConfiguration configuration = new UploaderConfiguration();
        configuration.setDefaultStorage(name);
        return configuration;
    }

    @Test
    void eachConfiguredStorageIsANamedStorageWithItsPrefix() {
        try (UploaderStorages storages = new UploaderStorages(List.of(disk("disk"), disk("other")), defaultStorage("disk"),
                NO_GCS, List.of())) {
            NamedStorage disk = storages.find("disk").orElseThrow();
            assertEquals("backups", disk.prefix());
            assertNull(disk.bucket(), "a local storage has no bucket");
            assertEquals(List.of("disk", "other"), List.copyOf(storages.names()));
            assertEquals("disk", storages.defaultName());
        }
    }

    @Test
    void anIncompleteStorageFailsStartUpNamingTheKey() {
        UploaderStorageConfig s3 = new UploaderStorageConfig("archive");
        s3.spec().setType(StorageSpec.Type.S3);

        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new UploaderStorages(List.of(s3), defaultStorage("archive"), NO_GCS, List.of()));

        assertTrue(e.getMessage().startsWith("backstream.storages.archive.bucket: "), e.getMessage());
    }

    @Test
    void aDefaultStorageThatIsNotConfiguredFailsStartUp() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new UploaderStorages(List.of(disk("disk")), defaultStorage("s3"), NO_GCS, List.of()));

        assertTrue(e.getMessage().contains("backstream.uploader.default-storage"), e.getMessage());
    }
}
