package io.backstream.uploader.storage;

import io.backstream.uploader.config.UploaderConfiguration;
import io.backstream.uploader.domain.OrphanUploadSweep;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.annotation.Async;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link OrphanUploadSweep} once at start-up, off the start-up thread so that a slow or
 * unreachable store does not hold the service back; {@code backstream.uploader.orphan-sweep: false} turns it off.
 */
@Singleton
public class OrphanUploadSweeper {

    private static final Logger LOG = LoggerFactory.getLogger(OrphanUploadSweeper.class);

    private final OrphanUploadSweep sweep;
    private final UploaderConfiguration configuration;

    public OrphanUploadSweeper(OrphanUploadSweep sweep, UploaderConfiguration configuration) {
        this.sweep = sweep;
        this.configuration = configuration;
    }

    @EventListener
    @Async
    void onStartup(StartupEvent event) {
        if (!configuration.isOrphanSweep()) {
            return;
        }
        try {
            LOG.info("Start-up sweep aborted {} orphan uploads older than {}", sweep.sweep(), configuration.getAbandonAfter());
        } catch (RuntimeException e) {
            LOG.warn("The start-up sweep of orphan uploads failed; none are aborted until the next start", e);
        }
    }
}
