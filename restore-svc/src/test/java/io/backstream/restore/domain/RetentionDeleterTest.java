package io.backstream.restore.domain;

import io.backstream.schema.event.BackupDeleteFailed;
import io.backstream.schema.event.BackupDeleted;
import io.backstream.schema.event.DeleteRequested;
import io.backstream.storage.ObjectStorage;
import io.backstream.storage.StorageException;
import io.backstream.storage.local.LocalObjectStorage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RetentionDeleter against a catalog that answers what catalog-svc records of a backup (HttpCatalogTest proves the
 * translation of its JSON) and a local storage that records the order of deletes.
 */
class RetentionDeleterTest {

    private static final Instant NOW = Instant.parse("2026-12-01T03:00:00Z");
    private static final String ARCHIVE = "backups/directory-docs-1764000000000.tar.zst";
    private static final String MANIFEST = ARCHIVE + ".manifest.json";

    private final Map<String, BackupDeletion> recorded = new ConcurrentHashMap<>();
    private final List<String> deletes = new CopyOnWriteArrayList<>();
    private final List<Object> events = new CopyOnWriteArrayList<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final Set<String> failingDeletes = ConcurrentHashMap.newKeySet();
    private ObjectStorage storage;
    private RetentionDeleter deleter;

    @BeforeEach
    void setUp(@TempDir Path root) {
        ObjectStorage local = new LocalObjectStorage(root);
        storage = (ObjectStorage) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{ObjectStorage.class}, (proxy, method, args) -> {
                    if (method.getName().equals("delete")) {
                        if (failingDeletes.contains((String) args[0])) {
                            throw new StorageException(StorageException.Kind.TRANSIENT, "delete",
                                    (String) args[0], "503 Slow Down");
                        }
                        deletes.add((String) args[0]);
                    }
                    try {
                        return method.invoke(local, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        storage.put(ARCHIVE, new byte[]{1, 2, 3}, "application/zstd");
        storage.put(MANIFEST, new byte[]{'{', '}'}, "application/json");
        Catalog catalog = new Catalog() {
            @Override
            public Optional<BackupLocation> backup(String backupId) {
                throw new AssertionError("a delete reads the deletion state");
            }

            @Override
            public Optional<BackupDeletion> deletion(String backupId) {
                return Optional.ofNullable(recorded.get(backupId));
            }

            @Override
            public List<BackupLocation> restorePoint(String targetId, Instant at) {
                throw new AssertionError("not a restore");
            }
        };
        RestoreEvents restoreEvents = (RestoreEvents) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{RestoreEvents.class}, (proxy, method, args) -> events.add(args[0]));
        Storages storages = name -> name.equals("main") ? Optional.of(storage) : Optional.empty();
        deleter = new RetentionDeleter(catalog, storages, restoreEvents, refusals::add,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void aMarkedBackupLosesItsArchiveFirstAndThenItsManifest() {
        recorded.put("b-1", marked("b-1", "main"));
        DeleteRequested request = request("b-1", "main", ARCHIVE, MANIFEST);
        assertEquals(Optional.empty(), deleter.vet(request));
        deleter.delete(request);
        assertEquals(List.of(ARCHIVE, MANIFEST), deletes);
        assertEquals(Optional.empty(), storage.head(ARCHIVE));
        assertEquals(Optional.empty(), storage.head(MANIFEST));
        assertEquals(List.of(new BackupDeleted("b-1", "main", ARCHIVE, NOW)), events);
        assertEquals(List.of(), refusals);
    }

    @Test
    void aRequestForAnIdTheCatalogDoesNotKnowDeletesNothingAtAll() {
        recorded.put("victim", deletion("victim", "COMPLETED", "main", null));
        DeleteRequested attack = request("stranger", "main", ARCHIVE, MANIFEST);
        assertRefused("unknown-backup", attack);
    }

    @Test
    void anotherMarkedBackupsIdDoesNotDeleteTheKeysOfThisOne() {
        recorded.put("victim", deletion("victim", "COMPLETED", "main", null));
        recorded.put("expired", new BackupDeletion("expired", "DELETING", "main", "backups/expired.tar.zst",
                "backups/expired.tar.zst.manifest.json", NOW.minusSeconds(5), null));
        assertRefused("key-mismatch", request("expired", "main", ARCHIVE, MANIFEST));
        assertRefused("key-mismatch", request("expired", "main", "backups/expired.tar.zst", MANIFEST));
    }

    @Test
    void aStorageOtherThanTheCatalogsIsRefused() {
        recorded.put("b-1", marked("b-1", "elsewhere"));
        assertRefused("storage-mismatch", request("b-1", "main", ARCHIVE, MANIFEST));
    }

    @Test
    void aBackupTheCatalogHasNotMarkedIsRefusedAtOnce() {
        recorded.put("b-1", deletion("b-1", "COMPLETED", "main", null));
        assertRefused("not-marked", request("b-1", "main", ARCHIVE, MANIFEST));
    }

    @Test
    void aManifestDeleteThatFailsAfterTheArchiveWentReportsThePartialDelete() {
        recorded.put("b-1", marked("b-1", "main"));
        failingDeletes.add(MANIFEST);
        DeleteRequested request = request("b-1", "main", ARCHIVE, MANIFEST);
        deleter.delete(request);
        assertEquals(Optional.empty(), storage.head(ARCHIVE));
        assertTrue(storage.head(MANIFEST).isPresent());
        BackupDeleteFailed failed = assertInstanceOf(BackupDeleteFailed.class, events.get(0));
        assertEquals(List.of(ARCHIVE), failed.deletedKeys(), "the archive is gone, the manifest is not");
        assertTrue(failed.reason().startsWith("storage-error: TRANSIENT"), failed.reason());

        // the retry finds the archive gone and counts it deleted
        failingDeletes.clear();
        deleter.delete(request);
        assertEquals(Optional.empty(), storage.head(MANIFEST));
        assertEquals(new BackupDeleted("b-1", "main", ARCHIVE, NOW), events.get(1));
    }

    @Test
    void anArchiveDeleteThatFailsReportsNothingDeleted() {
        recorded.put("b-1", marked("b-1", "main"));
        failingDeletes.add(ARCHIVE);
        deleter.delete(request("b-1", "main", ARCHIVE, MANIFEST));
        assertTrue(storage.head(ARCHIVE).isPresent());
        assertTrue(storage.head(MANIFEST).isPresent());
        assertEquals(null, assertInstanceOf(BackupDeleteFailed.class, events.get(0)).deletedKeys());
    }

    @Test
    void aBackupAlreadyDeletedIsNotDeletedAgain() {
        recorded.put("b-1", new BackupDeletion("b-1", "DELETED", "main", ARCHIVE, MANIFEST, NOW.minusSeconds(60),
                NOW.minusSeconds(30)));
        assertRefused("not-marked", request("b-1", "main", ARCHIVE, MANIFEST));
    }

    /** Run as accepted work it deletes nothing and fails; vetted before acceptance it is refused; counted twice. */
    private void assertRefused(String code, DeleteRequested request) {
        int before = refusals.size();
        deleter.delete(request);
        assertEquals(List.of(), deletes);
        assertTrue(storage.head(ARCHIVE).isPresent());
        assertTrue(storage.head(MANIFEST).isPresent());
        BackupDeleteFailed failed = assertInstanceOf(BackupDeleteFailed.class, events.get(events.size() - 1));
        assertTrue(failed.reason().startsWith(code + ": "), failed.reason());
        assertEquals(code, deleter.vet(request).orElseThrow().code());
        assertEquals(List.of(code, code), refusals.subList(before, refusals.size()));
    }

    private static BackupDeletion marked(String id, String storage) {
        return deletion(id, "DELETING", storage, NOW.minusSeconds(5));
    }

    private static BackupDeletion deletion(String id, String status, String storage, Instant requestedAt) {
        return new BackupDeletion(id, status, storage, ARCHIVE, MANIFEST, requestedAt, null);
    }

    private static DeleteRequested request(String id, String storage, String key, String manifestKey) {
        return new DeleteRequested(id, storage, key, manifestKey, "keepLast", "retention", NOW);
    }
}
