package io.backstream.catalog.persistence;

import io.backstream.catalog.domain.Backup;
import io.backstream.catalog.domain.BackupStatus;
import io.backstream.catalog.domain.BackupTransitions;
import io.backstream.catalog.domain.Deletion;
import io.backstream.catalog.domain.Restore;
import io.backstream.catalog.domain.RestoreTransitions;
import io.backstream.catalog.domain.RetentionRules;
import io.backstream.catalog.domain.Target;
import io.backstream.schema.CloudEvent;
import io.backstream.schema.event.DeleteRequested;
import io.backstream.schema.event.Policy;
import io.backstream.schema.event.RestoreCompleted;
import io.backstream.schema.event.RestoreFailed;
import io.backstream.schema.event.RestoreProgress;
import io.backstream.schema.event.RestoreRequested;
import io.backstream.schema.event.RestoreStarted;
import io.backstream.schema.event.TargetAnnounced;
import io.backstream.support.messaging.ProcessedEvent;
import io.backstream.support.messaging.ProcessedEventIds;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Applies one event to the catalog tables and records its id as processed, in one transaction: an event is
 * either fully projected and remembered, or neither. A lifecycle event that does not fit the catalog's record is
 * refused ({@link io.backstream.catalog.domain.LifecycleEventRefused}, thrown): nothing of it is written and its id
 * is not remembered, so a forged event cannot claim the id of a genuine one.
 */
@Singleton
public class CatalogProjection {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogProjection.class);

    private final BackupStore backups;
    private final TargetStore targets;
    private final RestoreStore restores;
    private final PolicyStore policies;
    private final ProcessedEventStore processed;
    private final Clock clock;

    public CatalogProjection(BackupStore backups, TargetStore targets, RestoreStore restores, PolicyStore policies,
                             ProcessedEventStore processed, Clock clock) {
        this.backups = backups;
        this.targets = targets;
        this.restores = restores;
        this.policies = policies;
        this.processed = processed;
        this.clock = clock;
    }

    /** A backup before (null if new) and after an event that changed it. */
    public record BackupChange(Backup before, Backup after) {
    }

    /**
     * Projects {@code event} for {@code consumer} unless that consumer already processed its type and id (with this
     * payload or another: {@code InboundEvents} refuses the second kind before it gets here).
     *
     * @return the backup change, if the event changed a backup
     */
    @Transactional
    public Optional<BackupChange> apply(String consumer, CloudEvent<?> event) {
        ProcessedEvent key = ProcessedEvent.of(event);
        if (processed.seen(consumer, key) != ProcessedEventIds.Seen.NEW) {
            return Optional.empty();
        }
        Optional<BackupChange> change = project(event);
        processed.insertProcessed(consumer, key, clock.instant());
        return change;
    }

    private Optional<BackupChange> project(CloudEvent<?> event) {
        Object data = event.data();
        if (data instanceof Policy policy) {
            savePolicy(policy, time(event));
            return Optional.empty();
        }
        if (!BackupTransitions.isBackupEvent(data) && !(data instanceof TargetAnnounced)
                && !RestoreTransitions.isRestoreEvent(data)) {
            // a valid event the catalog does not index (e.g. a policy published on a consumed topic)
            LOG.debug("Ignoring {} {}", event.type(), event.id());
            return Optional.empty();
        }
        if (data instanceof TargetAnnounced announced) {
            targets.saveTarget(new Target(announced.targetId(), announced.workerId(), announced.kind(),
                    announced.description(), announced.announcedAt() != null ? announced.announcedAt()
                    : event.time() != null ? event.time() : clock.instant()));
            return Optional.empty();
        }
        if (RestoreTransitions.isRestoreEvent(data)) {
            String id = restoreId(data);
            Optional<Restore> before = restores.findRestore(id);
            Restore after = withTarget(before, RestoreTransitions.apply(before.orElse(null), data, time(event)));
            if (!after.equals(before.orElse(null))) {
                restores.saveRestore(after, before.isEmpty());
            }
            return Optional.empty();
        }
        String backupId = BackupTransitions.backupIdOf(data);
        Optional<Backup> before = backups.findBackupForUpdate(backupId);
        Backup after = BackupTransitions.apply(before.orElse(null), data, time(event));
        if (Objects.equals(before.orElse(null), after)) {
            return Optional.empty();
        }
        backups.saveBackup(after, before.isEmpty());
        return Optional.of(new BackupChange(before.orElse(null), after));
    }

    /**
     * Records the catalog's own decision to delete a backup (retention or an operator): marks it DELETING and
     * remembers the decision's event id for {@code consumer}, so the event, read back from backup.deletions, is a
     * duplicate. Written before the event is published: restore-svc finds the mark when the request arrives.
     *
     * @return the backup after the mark (unchanged when this decision was recorded before)
     * @throws java.util.NoSuchElementException for an unknown backup
     * @throws io.backstream.catalog.domain.LifecycleEventRefused when the backup cannot be deleted now
     */
    @Transactional
    public Backup markForDeletion(String consumer, CloudEvent<DeleteRequested> decision) {
        Backup before = backups.findBackupForUpdate(decision.data().backupId()).orElseThrow();
        ProcessedEvent key = ProcessedEvent.of(decision);
        if (processed.seen(consumer, key) != ProcessedEventIds.Seen.NEW) {
            return before;
        }
        Backup after = BackupTransitions.markForDeletion(before, decision.data(), time(decision));
        backups.saveBackup(after, false);
        processed.insertProcessed(consumer, key, clock.instant());
        return after;
    }

    /**
     * Moves the request time of a DELETING backup's delete to {@code at}, as the catalog asks for it again; checked
     * under the row's lock, so two sweeps (or two replicas) that both found it unanswered ask only once.
     *
     * @return false when the backup is no longer DELETING or its delete was requested at or after {@code deadline}
     */
    @Transactional
    public boolean renewDeletion(String backupId, Instant deadline, Instant at) {
        Optional<Backup> before = backups.findBackupForUpdate(backupId);
        Instant requested = before.filter(b -> b.status() == BackupStatus.DELETING).map(Backup::deletion)
                .map(Deletion::requestedAt).orElse(null);
        if (requested == null || !requested.isBefore(deadline)) {
            return false;
        }
        backups.saveBackup(BackupTransitions.deleteRequestedAgain(before.get(), at), false);
        return true;
    }

    /** Forgets a policy whose tombstone arrived on backup.policies: retention no longer runs for it. */
    @Transactional
    public void deletePolicy(String policyId) {
        policies.deletePolicy(policyId);
        LOG.info("Policy {} deleted: no retention for its backups any more", policyId);
    }

    private void savePolicy(Policy policy, Instant at) {
        Policy.Retention r = policy.retention();
        RetentionRules rules;
        try {
            rules = r == null ? RetentionRules.of(policy.id(), policy.timeZone(), null, null, null, null, null, null)
                    : RetentionRules.of(policy.id(), policy.timeZone(), r.keepLast(), r.keepDaily(), r.keepWeekly(),
                    r.keepMonthly(), r.keepYearly(), r.maxAge());
        } catch (IllegalArgumentException e) {
            // deleting by rules nobody can read would be a guess: such a policy deletes nothing until fixed
            policies.deletePolicy(policy.id());
            LOG.error("Policy {} has unusable retention rules, retention is off for it: {}", policy.id(),
                    e.getMessage());
            return;
        }
        policies.savePolicy(rules, at);
    }

    /**
     * The restore with the target of the backups it applies: restore.events name backups, not targets, and a
     * caller limited to some targets sees a restore by its target. Looked up once, when an event first names
     * the backups, not on every progress event after.
     */
    private Restore withTarget(Optional<Restore> before, Restore restore) {
        if (restore.targetId() != null || restore.backupIds().isEmpty()
                || restore.backupIds().equals(before.map(Restore::backupIds).orElse(List.of()))) {
            return restore;
        }
        return backups.findBackup(restore.backupIds().get(0)).map(backup -> restore.withTargetId(backup.targetId()))
                .orElse(restore);
    }

    private Instant time(CloudEvent<?> event) {
        return event.time() != null ? event.time() : clock.instant();
    }

    private static String restoreId(Object data) {
        if (data instanceof RestoreRequested e) {
            return e.restoreId();
        } else if (data instanceof RestoreStarted e) {
            return e.restoreId();
        } else if (data instanceof RestoreProgress e) {
            return e.restoreId();
        } else if (data instanceof RestoreCompleted e) {
            return e.restoreId();
        }
        return ((RestoreFailed) data).restoreId();
    }
}
