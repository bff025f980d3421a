package io.backstream.uploader.config;

import io.backstream.uploader.domain.BackupUploader;
import io.backstream.uploader.domain.OrphanUploadSweep;
import io.backstream.uploader.domain.ResumableSha256;
import io.backstream.uploader.domain.StateStore;
import io.backstream.uploader.domain.StorageDirectory;
import io.backstream.uploader.domain.TokenBucket;
import io.backstream.uploader.domain.UploadEvents;
import io.backstream.uploader.domain.UploadMetrics;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** Wires the domain from configuration. */
@Factory
public class UploaderFactory {

    private static final Logger LOG = LoggerFactory.getLogger(UploaderFactory.class);
    private static final String PART_UPLOADS = "part-uploads";

    /** The clock of every timestamp and time-out; tests replace it. */
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Singleton
    StateStore stateStore(UploaderConfiguration configuration, Clock clock) {
        StateStore store = new StateStore(configuration.getStateDir().resolve("backups"));
        int pruned = store.pruneOutcomes(clock.instant().minus(configuration.getOutcomeRetention()));
        if (pruned > 0) {
            LOG.info("Forgot {} finished backups older than {}", pruned, configuration.getOutcomeRetention());
        }
        return store;
    }

    /** Sends the parts of S3 uploads; its size bounds the parts in flight. */
    @Singleton
    @Named(PART_UPLOADS)
    @Bean(preDestroy = "shutdownNow")
    ExecutorService partUploads(UploaderConfiguration configuration) {
        AtomicInteger threads = new AtomicInteger();
        return Executors.newFixedThreadPool(configuration.getPartConcurrency(), task -> {
            Thread thread = new Thread(task, "part-upload-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Singleton
    BackupUploader backupUploader(StorageDirectory storages, StateStore store, UploadEvents events, UploadMetrics metrics,
                                  UploaderConfiguration configuration, @Named(PART_UPLOADS) ExecutorService partUploads,
                                  Clock clock) {
        LOG.info("The running archive SHA-256 is computed {}", ResumableSha256.isNative() ? "natively" : "in Java");
        Long limit = configuration.getMaxBytesPerSecond();
        Path tmp = configuration.getStateDir().resolve("tmp");
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + tmp, e);
        }
        return new BackupUploader(storages, store, events, metrics, limit == null ? null : new TokenBucket(limit),
                partUploads, clock, tmp, configuration.getAbandonAfter());
    }

    @Singleton
    OrphanUploadSweep orphanUploadSweep(StorageDirectory storages, StateStore store, UploadMetrics metrics,
                                        UploaderConfiguration configuration, Clock clock) {
        return new OrphanUploadSweep(storages, store, metrics, clock, configuration.getAbandonAfter());
    }
}
