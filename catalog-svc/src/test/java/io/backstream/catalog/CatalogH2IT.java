package io.backstream.catalog;

import io.backstream.catalog.domain.Backup;
import io.backstream.catalog.domain.BackupQuery;
import io.backstream.catalog.domain.BackupStatus;
import io.backstream.catalog.domain.Deletion;
import io.backstream.catalog.domain.Restore;
import io.backstream.catalog.domain.RestoreStatus;
import io.backstream.catalog.domain.RetentionRules;
import io.backstream.catalog.domain.Target;
import io.backstream.catalog.persistence.BackupStore;
import io.backstream.catalog.persistence.PolicyStore;
import io.backstream.catalog.persistence.ProcessedEventStore;
import io.backstream.catalog.persistence.RestoreStore;
import io.backstream.catalog.persistence.TargetStore;
import io.backstream.schema.BackupType;
import io.backstream.schema.TargetKind;
import io.backstream.support.messaging.ProcessedEvent;
import io.backstream.support.messaging.ProcessedEventIds;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Flyway migrations PostgreSQL runs also run on the embedded stack's H2 file, and every store's queries work
 * there.
 */
class CatalogH2IT {

    @Test
    void migrationsRunOnAnH2FileAndRowsRoundTrip(@TempDir Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("catalog").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "datasources.default.url", url,
                "datasources.default.dialect", "H2",
                "backstream.topics.enabled", false,
                "kafka.enabled", false))) {
            BackupStore store = context.getBean(BackupStore.class);
            ProcessedEventStore processed = context.getBean(ProcessedEventStore.class);
            Instant t = Instant.parse("2026-11-21T10:00:00.123456Z");
            Backup backup = CatalogIT.completed("h2-1", "h2-target", BackupType.FULL, BackupStatus.COMPLETED, t);
            store.saveBackup(backup, true);
            store.saveBackup(CatalogIT.completed("h2-2", "h2-target", BackupType.FULL, BackupStatus.FAILED,
                    t.plusSeconds(1)), true);

            assertEquals(backup, store.findBackup("h2-1").orElseThrow());
            assertEquals(backup, store.findBackupForUpdate("h2-1").orElseThrow());
            List<Backup> completed = store.listBackups(new BackupQuery("h2-target", null, BackupStatus.COMPLETED,
                    BackupType.FULL, null, null, true, null, 10, List.of()));
            assertEquals(List.of("h2-1"), completed.stream().map(Backup::id).toList());
            assertEquals(1, store.restorePointCandidates("h2-target", t.plusSeconds(5)).size());
            Backup deleted = new Backup(backup.id(), backup.targetId(), backup.targetKind(), backup.policyId(),
                    backup.type(), backup.parentBackupId(), backup.storage(), backup.compression(),
                    backup.encryptionKeyId(), backup.workerId(), BackupStatus.DELETED, null, backup.createdAt(),
                    backup.requestedAt(), backup.startedAt(), backup.finishedAt(), backup.lastProgressAt(),
                    backup.snapshot(), backup.upload(), backup.verification(),
                    new Deletion(t.plusSeconds(60), t.plusSeconds(61), null, null, List.of()));
            store.saveBackup(deleted, false);
            assertEquals(deleted, store.findBackup("h2-1").orElseThrow());
            assertEquals(0, store.restorePointCandidates("h2-target", t.plusSeconds(5)).size(),
                    "a deleted backup is no restore point");
            ProcessedEvent event = new ProcessedEvent("backstream.test.v1", "event-1", "a".repeat(64));
            processed.markProcessed("catalog-svc", event, t);
            assertEquals(ProcessedEventIds.Seen.DUPLICATE, processed.seen("catalog-svc", event));
            assertEquals(ProcessedEventIds.Seen.CONFLICT, processed.seen("catalog-svc",
                    new ProcessedEvent(event.type(), event.id(), "b".repeat(64))));
            assertEquals(ProcessedEventIds.Seen.NEW, processed.seen("catalog-svc",
                    new ProcessedEvent("backstream.other.v1", event.id(), event.payloadSha256())));
            assertEquals(1, processed.pruneProcessed(t.plusSeconds(1)));
            assertEquals(ProcessedEventIds.Seen.NEW, processed.seen("catalog-svc", event));

            Restore restore = new Restore("h2-r1", RestoreStatus.COMPLETED, List.of("h2-1", "h2-2"), "h2-target",
                    t, "DIRECTORY:/restore", false, 10, 10, 2, 900L, null, null, t, t, t.plusSeconds(1), t,
                    t.plusSeconds(1));
            RestoreStore restores = context.getBean(RestoreStore.class);
            restores.saveRestore(restore, true);
            assertEquals(List.of(restore), restores.restores(10, List.of()));
            assertEquals(restore, restores.findRestore("h2-r1").orElseThrow());

            Target target = new Target("h2-target", "worker-1", TargetKind.DIRECTORY, "files", t);
            TargetStore targets = context.getBean(TargetStore.class);
            targets.saveTarget(target);
            targets.saveTarget(new Target("h2-target", "worker-0", TargetKind.DIRECTORY, "older", t.minusSeconds(1)));
            assertEquals(List.of(target), targets.targets(), "an older announcement does not replace a newer one");

            RetentionRules rules = RetentionRules.of("h2-policy", "Europe/Berlin", 3, null, 2, null, null, "P90D");
            PolicyStore policies = context.getBean(PolicyStore.class);
            policies.savePolicy(rules, t);
            assertEquals(rules, policies.findPolicy("h2-policy").orElseThrow());
            assertEquals(List.of("h2-policy"), policies.policyIds());
        }
        assertTrue(Files.exists(dir.resolve("catalog.mv.db")), "an H2 file database");
    }
}
