package io.backstream.worker.config;

import io.backstream.worker.domain.ArchiveStream;
import io.backstream.worker.domain.BackupMetrics;
import io.backstream.worker.domain.BackupService;
import io.backstream.worker.domain.SnapshotEvents;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.time.Clock;

/** Wires the domain from configuration. */
@Factory
public class WorkerFactory {

    @Singleton
    @Bean(preDestroy = "shutdown")
    BackupService backupService(Targets targets, SnapshotEvents events, BackupMetrics metrics,
                                ArchiveStream.Opener streams, WorkerConfiguration config) {
        return new BackupService(targets, events, metrics, streams, new BackupService.Settings(config.getId(),
                config.getMaxConcurrentBackups(), config.getCompressionThreads(), config.getFrameSize(),
                config.getMaxRequestAge(), config.getSpoolDir()), Clock.systemUTC());
    }
}
