package io.backstream.worker.config;

import io.backstream.worker.domain.ArchiveStream;
import io.backstream.worker.domain.BackupJournal;
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
        BackupService service = new BackupService(targets, new BackupJournal(config.getStateDir()), events, metrics,
                streams, new BackupService.Settings(config.getId(), config.getMaxConcurrentBackups(),
                config.getCompressionThreads(), config.getFrameSize(), config.getMaxRequestAge(),
                config.getSpoolDir()), Clock.systemUTC());
        // before the listener, which needs this bean, reads its first request
        service.resume();
        return service;
    }
}
