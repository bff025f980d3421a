package io.backstream.catalog.messaging;

import io.backstream.catalog.config.CatalogConfiguration;
import io.backstream.catalog.domain.Backup;
import io.backstream.catalog.domain.Deletion;
import io.backstream.catalog.domain.RetentionDecision;
import io.backstream.catalog.domain.RetentionPlanner;
import io.backstream.catalog.domain.RetentionRules;
import io.backstream.catalog.metrics.CatalogMetrics;
import io.backstream.catalog.persistence.BackupStore;
import io.backstream.catalog.persistence.PolicyStore;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Applies retention: plans each policy's backups with {@link RetentionPlanner} and, for every COMPLETED or
 * PARTLY_DELETED backup the plan deletes, marks it DELETING and then publishes a {@code DeleteRequested}
 * (requestedBy {@value #REQUESTED_BY}, reason = the deciding rule) on backup.deletions ({@link DeleteDecisions}).
 * A backup whose delete failed is COMPLETED (or PARTLY_DELETED) again and requested again once a retention
 * interval has passed.
 *
 * <p>Runs after every COMPLETED backup of a policy (on its own thread, never the listener's) and, for every
 * known policy, each {@code backstream.catalog.retention-interval} of the catalog's clock (checked at every
 * {@code sweep-interval}). Evaluations never overlap.
 */
@Singleton
@Requires(property = "kafka.enabled", notEquals = "false")
public class RetentionEvaluator {

    /** {@code requestedBy} of retention's deletions. */
    public static final String REQUESTED_BY = "catalog-retention";

    private static final Logger LOG = LoggerFactory.getLogger(RetentionEvaluator.class);

    private final PolicyStore policies;
    private final BackupStore backups;
    private final DeleteDecisions decisions;
    private final CatalogMetrics metrics;
    private final CatalogConfiguration configuration;
    private final Clock clock;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "catalog-retention");
        t.setDaemon(true);
        return t;
    });
    /** Policies waiting for an evaluation; a burst of completions of one policy queues it once. */
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Instant> nextRun = new AtomicReference<>();

    RetentionEvaluator(PolicyStore policies, BackupStore backups, DeleteDecisions decisions, CatalogMetrics metrics,
                       CatalogConfiguration configuration, Clock clock) {
        this.policies = policies;
        this.backups = backups;
        this.decisions = decisions;
        this.metrics = metrics;
        this.configuration = configuration;
        this.clock = clock;
    }

    /** Queues an evaluation of {@code policyId} (a backup of it completed); returns at once. */
    public void evaluateSoon(String policyId) {
        if (policyId == null || !pending.add(policyId)) {
            return;
        }
        try {
            worker.execute(() -> {
                pending.remove(policyId);
                evaluateLogged(policyId);
            });
        } catch (RejectedExecutionException shuttingDown) {
            pending.remove(policyId);
        }
    }

    @Scheduled(fixedDelay = "${backstream.catalog.sweep-interval:15s}", initialDelay = "2s")
    void timer() {
        Instant now = clock.instant();
        Instant due = nextRun.get();
        if (due != null && now.isBefore(due)) {
            return;
        }
        nextRun.set(now.plus(configuration.getRetentionInterval()));
        try {
            policies.policyIds().forEach(this::evaluateSoon);
        } catch (RuntimeException e) {
            LOG.warn("Retention timer could not list the policies; retrying at the next interval", e);
        }
    }

    /**
     * Evaluates one policy now and requests the deletions it decides.
     *
     * @return how many deletions were requested (0 for an unknown policy)
     */
    public synchronized int evaluate(String policyId) {
        Optional<RetentionRules> rules = policies.findPolicy(policyId);
        if (rules.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        List<RetentionDecision> plan = RetentionPlanner.plan(backups.backupsOfPolicy(policyId), rules.get(), now);
        int requested = 0;
        for (RetentionDecision decision : plan) {
            if (decision.needsDeleteRequest() && !deleteFailedRecently(decision.backup(), now)) {
                requestDelete(policyId, decision.backup(), decision.rule(), now);
                requested++;
            }
        }
        if (requested > 0) {
            LOG.info("Retention of policy {} requested {} deletions", policyId, requested);
        }
        return requested;
    }

    private void requestDelete(String policyId, Backup backup, String rule, Instant now) {
        decisions.decide(deleteEventId(backup), backup, rule, REQUESTED_BY, now);
        metrics.retentionDeleteRequested(policyId);
        LOG.info("Retention of policy {} deletes backup {} of target {} ({})", policyId, backup.id(),
                backup.targetId(), rule);
    }

    /**
     * Whether the backup's last delete failed less than a retention interval ago: it is requested again at
     * the first evaluation after that, not at once, so a storage that keeps refusing is not asked in a loop.
     */
    private boolean deleteFailedRecently(Backup backup, Instant now) {
        Deletion previous = backup.deletion();
        return previous != null && previous.failedAt() != null
                && now.isBefore(previous.failedAt().plus(configuration.getRetentionInterval()));
    }

    /**
     * {@code retention-<backupId>}, so a repeated request is a duplicate every consumer drops; after a failed
     * delete the id names the failure, so the retry is a new request rather than a duplicate of the first.
     */
    private static String deleteEventId(Backup backup) {
        Deletion previous = backup.deletion();
        return previous == null || previous.failedAt() == null
                ? "retention-" + backup.id()
                : "retention-" + backup.id() + "-after-" + previous.failedAt().toEpochMilli();
    }

    private void evaluateLogged(String policyId) {
        try {
            evaluate(policyId);
        } catch (RuntimeException e) {
            LOG.warn("Retention of policy {} failed; retrying at the next evaluation", policyId, e);
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        worker.shutdownNow();
        worker.awaitTermination(10, TimeUnit.SECONDS);
    }
}
