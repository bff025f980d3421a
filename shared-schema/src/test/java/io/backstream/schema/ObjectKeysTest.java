package io.backstream.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectKeysTest {

    private static final Instant CREATED = Instant.ofEpochMilli(1_795_230_000_123L);

    @Test
    void archiveAndManifestKeysFollowTheNamingScheme() {
        String key = ObjectKeys.archiveKey("backups", "postgres", "pg-main", CREATED, Compression.ZSTD);
        assertEquals("backups/postgres-pg-main-1795230000123.tar.zst", key);
        assertEquals("backups/postgres-pg-main-1795230000123.tar.zst.manifest.json", ObjectKeys.manifestKey(key));
        assertEquals("directory-app-1795230000123.tar.gz",
                ObjectKeys.archiveKey("", TargetKind.DIRECTORY, "app", CREATED, Compression.GZIP));
        assertEquals("a/b/c/command-x-1795230000123.tar.zst",
                ObjectKeys.archiveKey("/a/b/c/", "COMMAND", "x", CREATED, Compression.ZSTD));
    }

    @Test
    void roundTripsDashedIdsEmptyAndNestedPrefixesAndGzip() {
        String[][] cases = {{"", "my-app-data-2"}, {"backups", "a"}, {"tenant-1/prod/db", "pg.main_v2-x"}};
        for (String[] c : cases) {
            for (Compression compression : Compression.values()) {
                String key = ObjectKeys.archiveKey(c[0], "directory", c[1], CREATED, compression);
                assertFalse(key.startsWith("/"), key);
                ObjectKeys.ParsedKey parsed = ObjectKeys.parse(key);
                assertEquals(new ObjectKeys.ParsedKey(c[0], "directory", c[1], CREATED, compression, false), parsed);
                assertEquals(key, parsed.archiveKey());
                ObjectKeys.ParsedKey manifest = ObjectKeys.parse(ObjectKeys.manifestKey(key));
                assertTrue(manifest.manifest());
                assertEquals(key, manifest.archiveKey());
                assertEquals(ObjectKeys.manifestKey(key), manifest.manifestKey());
                assertTrue(key.startsWith(ObjectKeys.listPrefix(c[0], "directory", c[1])));
            }
        }
    }

    @Test
    void listPrefixOfAShortIdAlsoMatchesLongerIdsSoCallersFilterByParse() {
        String other = ObjectKeys.archiveKey("p", "directory", "app-data", CREATED, Compression.ZSTD);
        String prefix = ObjectKeys.listPrefix("p", "directory", "app");
        assertEquals("p/directory-app-", prefix);
        assertTrue(other.startsWith(prefix));
        assertEquals("app-data", ObjectKeys.parse(other).targetId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "backups/readme.txt", "backups/postgres-pg-main.tar.zst",
            "backups/postgres--1795230000123.tar.zst", "backups/vm-pg-1795230000123.tar.zst",
            "backups/postgres-pg-1795230000123.tar.bz2", "backups/postgres-pg-1795230000123.zip.manifest.json",
            "backups/POSTGRES-pg-1795230000123.tar.zst", "backups//postgres-pg-1795230000123.tar.zst"})
    void foreignKeysAreRejectedClearly(String key) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ObjectKeys.parse(key));
        assertTrue(e.getMessage().startsWith("Not a Backstream object key"), e.getMessage());
    }

    @Test
    void unsafeTargetIdsAndKindsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> ObjectKeys.archiveKey("p", "directory", "../etc", CREATED, Compression.ZSTD));
        assertThrows(IllegalArgumentException.class,
                () -> ObjectKeys.archiveKey("p", "directory", "a/b", CREATED, Compression.ZSTD));
        assertThrows(IllegalArgumentException.class,
                () -> ObjectKeys.archiveKey("p", "vm", "a", CREATED, Compression.ZSTD));
    }
}
