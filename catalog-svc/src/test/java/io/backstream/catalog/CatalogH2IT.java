package io.backstream.catalog;

import io.backstream.catalog.domain.Backup;
import io.backstream.catalog.domain.BackupQuery;
import io.backstream.catalog.domain.BackupStatus;
import io.backstream.catalog.domain.Deletion;
import io.backstream.catalog.persistence.CatalogStore;
import io.backstream.schema.BackupType;
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

/** The Flyway migrations PostgreSQL runs also run on the embedded stack's H2 file, and the queries work there. */
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
            CatalogStore store = context.getBean(CatalogStore.class);
            Instant t = Instant.parse("2026-11-21T10:00:00.123456Z");
            Backup backup = CatalogIT.completed("h2-1", "h2-target", BackupType.FULL, BackupStatus.COMPLETED, t);
            store.saveBackup(backup, true);
            store.saveBackup(CatalogIT.completed("h2-2", "h2-target", BackupType.FULL, BackupStatus.FAILED,
                    t.plusSeconds(1)), true);

            assertEquals(backup, store.findBackup("h2-1").orElseThrow());
            assertEquals(backup, store.findBackupForUpdate("h2-1").orElseThrow());
            List<Backup> completed = store.listBackups(new BackupQuery("h2-target", null, BackupStatus.COMPLETED,
                    BackupType.FULL, null, null, true, null, 10));
            assertEquals(List.of("h2-1"), completed.stream().map(Backup::id).toList());
            assertEquals(1, store.restorePointCandidates("h2-target", t.plusSeconds(5)).size());
            Backup deleted = new Backup(backup.id(), backup.targetId(), backup.targetKind(), backup.policyId(),
                    backup.type(), backup.parentBackupId(), backup.storage(), backup.compression(),
                    backup.encryptionKeyId(), backup.workerId(), BackupStatus.DELETED, null, backup.createdAt(),
                    backup.requestedAt(), backup.startedAt(), backup.finishedAt(), backup.lastProgressAt(),
                    backup.snapshot(), backup.upload(), backup.verification(),
                    new Deletion(t.plusSeconds(60), t.plusSeconds(61), null, null));
            store.saveBackup(deleted, false);
            assertEquals(deleted, store.findBackup("h2-1").orElseThrow());
            assertEquals(0, store.restorePointCandidates("h2-target", t.plusSeconds(5)).size(),
                    "a deleted backup is no restore point");
            store.markProcessed("catalog-svc", "event-1", t);
            assertTrue(store.isProcessed("catalog-svc", "event-1"));
            assertEquals(1, store.pruneProcessed(t.plusSeconds(1)));
            assertTrue(!store.isProcessed("catalog-svc", "event-1"));
        }
        assertTrue(Files.exists(dir.resolve("catalog.mv.db")), "an H2 file database");
    }
}
