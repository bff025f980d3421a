package io.backstream.restore.config;

import com.google.cloud.storage.Storage;
import io.backstream.restore.domain.Catalog;
import io.backstream.restore.domain.CatalogRebuild;
import io.backstream.restore.domain.PostgresRestorer;
import io.backstream.restore.domain.RestoreEvents;
import io.backstream.restore.domain.RestoreService;
import io.backstream.restore.domain.RetentionDeleter;
import io.backstream.restore.domain.Storages;
import io.backstream.restore.messaging.PendingWork;
import io.backstream.storage.gcs.GcsObjectStorage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/** Wires the framework-free domain services from configuration. */
@Factory
public class RestoreBeans {

    /** What a pattern of allowed databases may hold: the characters of a database name, and the wildcards. */
    private static final Pattern DATABASE_PATTERN = Pattern.compile("[A-Za-z0-9_*?-]{1,63}");

    @Singleton
    @Named("chunk-fetch")
    @Bean(preDestroy = "shutdownNow")
    ExecutorService chunkFetchPool(RestoreProperties properties) {
        AtomicInteger threads = new AtomicInteger();
        // shared by all running restores: workers x parallel fetches bounds the ranged GETs in flight
        return Executors.newFixedThreadPool(properties.getWorkers() * properties.getParallelFetches(), r -> {
            Thread thread = new Thread(r, "chunk-fetch-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Singleton
    @Named("file-write")
    @Bean(preDestroy = "shutdownNow")
    ExecutorService fileWritePool(RestoreProperties properties) {
        AtomicInteger threads = new AtomicInteger();
        return Executors.newFixedThreadPool(properties.getFileWriters(), r -> {
            Thread thread = new Thread(r, "file-write-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Created only when a {@code gcs} storage is configured; shared by all of them. */
    @Singleton
    @Bean(preDestroy = "close")
    Storage gcsClient() {
        return GcsObjectStorage.applicationDefaultClient();
    }

    @Singleton
    PendingWork pendingWork(RestoreProperties properties) {
        return new PendingWork(Path.of(properties.getStateDir()).resolve("pending"));
    }

    @Singleton
    RestoreService restoreService(Catalog catalog, Storages storages, RestoreEvents events,
                                  RestoreProperties properties, @Named("chunk-fetch") ExecutorService fetchPool,
                                  @Named("file-write") ExecutorService fileWritePool, MeterRegistry registry) {
        List<Path> roots = properties.getAllowedRoots().stream().map(root -> {
            Path path = Path.of(root);
            if (!path.isAbsolute()) {
                throw new ConfigurationException("backstream.restore.allowed-roots: '" + root + "' is not absolute");
            }
            return path.normalize();
        }).toList();
        Path scratch = Path.of(properties.getScratchDir() == null || properties.getScratchDir().isBlank()
                ? System.getProperty("java.io.tmpdir") : properties.getScratchDir());
        RestoreProperties.PostgresProperties pg = properties.getPostgres();
        for (String pattern : pg.getAllowedDatabases()) {
            if (!DATABASE_PATTERN.matcher(pattern).matches()) {
                throw new ConfigurationException("backstream.restore.postgres.allowed-databases: '" + pattern
                        + "' is not a database name pattern (letters, digits, _ and -, with * and ?)");
            }
        }
        PostgresRestorer postgres = new PostgresRestorer(new PostgresRestorer.Connection(pg.getHost(), pg.getPort(),
                pg.getUsername(), pg.getPassword(), pg.getMaintenanceDatabase(), pg.getBinDir()));
        Counter bytes = Counter.builder("backstream.restore.bytes").description("Archive bytes fetched by restores")
                .register(registry);
        RestoreService.Metrics metrics = new RestoreService.Metrics() {
            @Override
            public void run(String result) {
                Counter.builder("backstream.restore.runs").description("Restores and drills by result")
                        .tag("result", result).register(registry).increment();
            }

            @Override
            public void bytes(long count) {
                bytes.increment(count);
            }
        };
        return new RestoreService(catalog, storages, events, postgres, fetchPool, fileWritePool,
                new RestoreService.Settings(roots, pg.getAllowedDatabases(), pg.getCatalogDatabase(), scratch,
                        properties.getParallelFetches(),
                        properties.getProgressInterval()), metrics, Clock.systemUTC());
    }

    @Singleton
    RetentionDeleter retentionDeleter(Catalog catalog, Storages storages, RestoreEvents events,
                                      RetentionDeleter.Metrics metrics) {
        return new RetentionDeleter(catalog, storages, events, metrics, Clock.systemUTC());
    }

    @Singleton
    CatalogRebuild catalogRebuild(Storages storages, RestoreEvents events) {
        return new CatalogRebuild(storages, events);
    }
}
