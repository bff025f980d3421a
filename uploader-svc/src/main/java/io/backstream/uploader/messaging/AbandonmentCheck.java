package io.backstream.uploader.messaging;

import io.backstream.uploader.domain.BackupUploader;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Abandons, every {@code backstream.uploader.abandon-check-interval}, the backups that got no record for
 * {@code backstream.uploader.abandon-after} ({@link BackupUploader#abandonIdle()}).
 */
@Singleton
public class AbandonmentCheck {

    private static final Logger LOG = LoggerFactory.getLogger(AbandonmentCheck.class);

    private final BackupUploader uploader;

    public AbandonmentCheck(BackupUploader uploader) {
        this.uploader = uploader;
    }

    @Scheduled(fixedDelay = "${backstream.uploader.abandon-check-interval:1m}",
            initialDelay = "${backstream.uploader.abandon-check-interval:1m}")
    void check() {
        try {
            int abandoned = uploader.abandonIdle();
            if (abandoned > 0) {
                LOG.info("Abandoned {} backups that got no record in time", abandoned);
            }
        } catch (RuntimeException e) {
            LOG.warn("The abandonment check failed; it runs again at the next interval", e);
        }
    }
}
