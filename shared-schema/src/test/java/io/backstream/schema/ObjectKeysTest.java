package io.backstream.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectKeysTest {

    private static final Instant CREATED = Instant.ofEpochMilli(1_795_230_000_123L);
    private static final String UUID = "4f0c2a8e-9b1d-4e3f-a6b7-c8d9e0f1a2b3";

    @Test
    void archiveAndManifestKeysCarryTheBackupId() {
        String key = ObjectKeys.archiveKey("backups", "postgres", "pg-main", CREATED, UUID, Compression.ZSTD);
        assertEquals("backups/postgres-pg-main-1795230000123-4f0c2a8e_9b1d_4e3f_a6b7_c8d9e0f1a2b3.tar.zst", key);
        assertEquals(key + ".manifest.json", ObjectKeys.manifestKey(key));
        assertEquals("directory-app-1795230000123-b1.tar.gz",
                ObjectKeys.archiveKey("", TargetKind.DIRECTORY, "app", CREATED, "b1", Compression.GZIP));
        assertEquals("a/b/c/command-x-1795230000123-nightly~402026_11_21T02~3A00~3A00Z.tar.zst",
                ObjectKeys.archiveKey("/a/b/c/", "COMMAND", "x", CREATED, "nightly@2026-11-21T02:00:00Z",
                        Compression.ZSTD));
    }

    @Test
    void twoBackupsOfOneTargetAtTheSameMillisecondHaveDifferentKeys() {
        assertNotEquals(ObjectKeys.archiveKey("b", "directory", "app", CREATED, "one", Compression.ZSTD),
                ObjectKeys.archiveKey("b", "directory", "app", CREATED, "two", Compression.ZSTD));
    }

    @Test
    void roundTripsDashedIdsEmptyAndNestedPrefixesAndGzip() {
        String[][] cases = {{"", "my-app-data-2", UUID}, {"backups", "a", "7"}, {"tenant-1/prod/db", "pg.main_v2-x",
                "a-1-2"}, {"p", "app-12", "12-app"}, {"p", "x", "../../etc/passwd"}, {"p", "x", "ü-~_%/ 日本"},
                {"p", "x", "123-456"}, {"p", "x", "0"}, {"p", "x", ".tar.zst.manifest.json"}};
        for (String[] c : cases) {
            for (Compression compression : Compression.values()) {
                String key = ObjectKeys.archiveKey(c[0], "directory", c[1], CREATED, c[2], compression);
                assertFalse(key.startsWith("/"), key);
                assertFalse(key.substring(c[0].length() + 1).contains("/"), key);
                ObjectKeys.ParsedKey parsed = ObjectKeys.parse(key);
                assertEquals(new ObjectKeys.ParsedKey(c[0], "directory", c[1], CREATED, c[2], compression, false),
                        parsed, key);
                assertEquals(key, parsed.archiveKey());
                ObjectKeys.ParsedKey manifest = ObjectKeys.parse(ObjectKeys.manifestKey(key));
                assertTrue(manifest.manifest());
                assertEquals(c[2], manifest.backupId());
                assertEquals(key, manifest.archiveKey());
                assertEquals(ObjectKeys.manifestKey(key), manifest.manifestKey());
                assertTrue(key.startsWith(ObjectKeys.listPrefix(c[0], "directory", c[1])));
            }
        }
    }

    @Test
    void keysOfTheOlderLayoutWithoutBackupIdStillParse() {
        String old = "backups/postgres-pg-main-1795230000123.tar.zst";
        ObjectKeys.ParsedKey parsed = ObjectKeys.parse(old);
        assertEquals(new ObjectKeys.ParsedKey("backups", "postgres", "pg-main", CREATED, null, Compression.ZSTD, false),
                parsed);
        assertEquals(old, parsed.archiveKey());
        ObjectKeys.ParsedKey manifest = ObjectKeys.parse("directory-my-app-12-1795230000123.tar.gz.manifest.json");
        assertEquals("my-app-12", manifest.targetId());
        assertNull(manifest.backupId());
        assertEquals("directory-my-app-12-1795230000123.tar.gz", manifest.archiveKey());
    }

    @Test
    void targetAndBackupIdsThatShareDashedDigitsNeverReadAlike() {
        Set<String> keys = new HashSet<>();
        List<String[]> cases = List.of(new String[]{"a-1", "2"}, new String[]{"a", "1-2"}, new String[]{"a-1-2", "3"},
                new String[]{"a", "2-3"}, new String[]{"a-1", "2-3"});
        for (String[] c : cases) {
            String key = ObjectKeys.archiveKey("", "directory", c[0], Instant.ofEpochMilli(1), c[1], Compression.ZSTD);
            assertTrue(keys.add(key), key);
            ObjectKeys.ParsedKey parsed = ObjectKeys.parse(key);
            assertEquals(c[0], parsed.targetId(), key);
            assertEquals(c[1], parsed.backupId(), key);
        }
        assertNull(ObjectKeys.parse("directory-a-1-2.tar.zst").backupId());
        assertEquals("a-1", ObjectKeys.parse("directory-a-1-2.tar.zst").targetId());
    }

    @Test
    void listPrefixOfAShortIdAlsoMatchesLongerIdsSoCallersFilterByParse() {
        String other = ObjectKeys.archiveKey("p", "directory", "app-data", CREATED, "b", Compression.ZSTD);
        String prefix = ObjectKeys.listPrefix("p", "directory", "app");
        assertEquals("p/directory-app-", prefix);
        assertTrue(other.startsWith(prefix));
        assertEquals("app-data", ObjectKeys.parse(other).targetId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "backups/readme.txt", "backups/postgres-pg-main.tar.zst",
            "backups/postgres--1795230000123.tar.zst", "backups/vm-pg-1795230000123.tar.zst",
            "backups/postgres-pg-1795230000123.tar.bz2", "backups/postgres-pg-1795230000123.zip.manifest.json",
            "backups/POSTGRES-pg-1795230000123.tar.zst", "backups//postgres-pg-1795230000123.tar.zst",
            "backups/postgres-pg-1795230000123-.tar.zst", "backups/postgres-pg-1795230000123-a~2f.tar.zst",
            "backups/postgres-pg-1795230000123-a~4.tar.zst", "backups/postgres-pg-1795230000123-a~41.tar.zst",
            "backups/postgres-pg-1795230000123-a b.tar.zst", "backups/postgres-pg-1795230000123-~FF.tar.zst",
            "backups/postgres-pg-abc-b1.tar.zst", "backups/postgres-pg-99999999999999999999.tar.zst"})
    void foreignKeysAreRejectedClearly(String key) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ObjectKeys.parse(key));
        assertTrue(e.getMessage().startsWith("Not a Backstream object key"), e.getMessage());
    }

    @Test
    void unsafeTargetIdsKindsAndBackupIdsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> ObjectKeys.archiveKey("p", "directory", "../etc", CREATED, "b", Compression.ZSTD));
        assertThrows(IllegalArgumentException.class,
                () -> ObjectKeys.archiveKey("p", "directory", "a/b", CREATED, "b", Compression.ZSTD));
        assertThrows(IllegalArgumentException.class,
                () -> ObjectKeys.archiveKey("p", "vm", "a", CREATED, "b", Compression.ZSTD));
        assertThrows(IllegalArgumentException.class,
                () -> ObjectKeys.archiveKey("p", "directory", "a", CREATED, "", Compression.ZSTD));
        assertThrows(IllegalArgumentException.class,
                () -> ObjectKeys.archiveKey("p", "directory", "a", CREATED, "\uD800", Compression.ZSTD));
    }

    @Test
    void aBackupIdTooLongForAnObjectKeyIsRefused() {
        String longest = "b".repeat(256);
        String key = ObjectKeys.archiveKey("p", "directory", "t".repeat(128), CREATED, longest, Compression.ZSTD);
        assertEquals(longest, ObjectKeys.parse(key).backupId());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ObjectKeys.archiveKey("p",
                "directory", "a", CREATED, "日".repeat(256), Compression.ZSTD));
        assertTrue(e.getMessage().contains("longer than 1024 bytes"), e.getMessage());
    }
}
