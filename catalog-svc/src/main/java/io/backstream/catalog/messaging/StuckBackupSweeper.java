package io.backstream.catalog.messaging;

import io.backstream.catalog.config.CatalogConfiguration;
import io.backstream.catalog.domain.Backup;
import io.backstream.catalog.domain.BackupStatus;
import io.backstream.catalog.metrics.CatalogMetrics;
import io.backstream.catalog.persistence.BackupStore;
import io.backstream.catalog.persistence.CatalogProjection;
import io.backstream.catalog.persistence.ProcessedEventStore;
import io.backstream.schema.CloudEvent;
import io.backstream.schema.EventCodec;
import io.backstream.schema.event.SnapshotFailed;
import io.backstream.support.messaging.EventPublisher;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Closes backups nobody works on: still REQUESTED after {@code claim-timeout} ({@value #NO_WORKER}), or
 * SNAPSHOTTING/UPLOADING without progress for {@code progress-timeout} ({@value #TIMEOUT}). Each is published
 * as a {@code SnapshotFailed} (workerId null) on backup.events, so every service sees it, then projected here.
 * The event id is derived from the backup id, so a repeated sweep publishes a duplicate that consumers drop.
 * A backup DELETING with no outcome for {@code delete-answer-timeout} gets its delete requested again.
 * Each sweep also forgets processed event ids older than {@code processed-retention}.
 * Without Kafka ({@code kafka.enabled=false}) there is no sweeper: the catalog is then read-only.
 */
@Singleton
@Requires(property = "kafka.enabled", notEquals = "false")
public class StuckBackupSweeper {

    /** Reason when no worker started a requested backup in time. */
    public static final String NO_WORKER = "no-worker-claimed-target";
    /** Reason when a running backup made no progress in time. */
    public static final String TIMEOUT = "timeout";

    /** {@code requestedBy} of a delete requested again. */
    public static final String REQUESTED_BY = "catalog-sweeper";

    private static final Logger LOG = LoggerFactory.getLogger(StuckBackupSweeper.class);
    private static final int BATCH = 500;

    private final BackupStore backups;
    private final ProcessedEventStore processed;
    private final CatalogProjection projection;
    private final CatalogMetrics metrics;
    private final EventPublisher publisher;
    private final EventCodec codec;
    private final DeleteDecisions deletions;
    private final CatalogConfiguration configuration;
    private final Clock clock;

    StuckBackupSweeper(BackupStore backups, ProcessedEventStore processed, CatalogProjection projection,
                       CatalogMetrics metrics, EventPublisher publisher, EventCodec codec, DeleteDecisions deletions,
                       CatalogConfiguration configuration, Clock clock) {
        this.backups = backups;
        this.processed = processed;
        this.projection = projection;
        this.metrics = metrics;
        this.publisher = publisher;
        this.codec = codec;
        this.deletions = deletions;
        this.configuration = configuration;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = "${backstream.catalog.sweep-interval:15s}", initialDelay = "1s")
    void scheduledSweep() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("Stuck-backup sweep failed; retrying at the next interval", e);
        }
    }

    /** Closes every stuck backup now; returns how many were closed. */
    public int sweep() {
        Instant now = clock.instant();
        List<Backup> stuck = backups.stuck(now.minus(configuration.getClaimTimeout()),
                now.minus(configuration.getProgressTimeout()), BATCH);
        int closed = 0;
        for (Backup backup : stuck) {
            try {
                close(backup, now);
                closed++;
            } catch (RuntimeException e) {
                // one row that cannot be closed (say, one without a target) must not keep the others open
                LOG.warn("Could not close stuck backup {}; retrying at the next sweep", backup.id(), e);
            }
        }
        Instant unansweredSince = now.minus(configuration.getDeleteAnswerTimeout());
        for (Backup backup : backups.unansweredDeletions(unansweredSince, BATCH)) {
            try {
                if (deletions.requestAgain(backup, REQUESTED_BY, unansweredSince, now)) {
                    LOG.warn("No answer to the delete of backup {} requested at {}; requested again", backup.id(),
                            backup.deletion().requestedAt());
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not request the delete of backup {} again; retrying at the next sweep", backup.id(), e);
            }
        }
        int pruned = processed.pruneProcessed(now.minus(configuration.getProcessedRetention()));
        if (pruned > 0) {
            LOG.debug("Forgot {} processed event ids older than {}", pruned, configuration.getProcessedRetention());
        }
        return closed;
    }

    private void close(Backup backup, Instant now) {
        String reason = backup.status() == BackupStatus.REQUESTED ? NO_WORKER : TIMEOUT;
        CloudEvent<SnapshotFailed> event = codec.create("catalog-timeout-" + backup.id(),
                now.truncatedTo(ChronoUnit.MILLIS), "/catalog-svc", backup.id(),
                new SnapshotFailed(backup.id(), backup.targetId(), null, reason, now));
        publisher.publish(backup.id(), event);
        projection.apply(CatalogListener.CONSUMER, event)
                .ifPresent(change -> metrics.record(change.before(), change.after()));
        LOG.info("Closed stuck backup {} of target {} as FAILED ({})", backup.id(), backup.targetId(), reason);
    }
}
