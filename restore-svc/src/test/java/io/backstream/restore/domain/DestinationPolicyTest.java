package io.backstream.restore.domain;

import io.backstream.schema.event.RestoreDestination;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where a restore may write: strictly under an allowed root, links resolved; replacing only what it may. */
class DestinationPolicyTest {

    @TempDir
    Path temp;

    @Test
    void aDirectoryStrictlyUnderAnAllowedRootIsAllowedEvenIfItDoesNotExistYet() throws IOException {
        Path root = Files.createDirectory(temp.resolve("restores"));
        DestinationPolicy policy = new DestinationPolicy(List.of(root), List.of(), null);
        assertEquals(root.resolve("new/dir"), policy.check(directory(root + "/x/../new/dir")));
    }

    @Test
    void relativePathsTheRootItselfAndPathsOutsideOrLinkedOutsideAreNotAllowed() throws IOException {
        Path root = Files.createDirectory(temp.resolve("restores"));
        Path outside = Files.createDirectory(temp.resolve("outside"));
        Files.createSymbolicLink(root.resolve("escape"), outside);
        DestinationPolicy policy = new DestinationPolicy(List.of(root), List.of(), null);
        for (String path : new String[]{"relative/dir", "", root.toString(), root + "/..", outside + "/d",
                root + "/escape/d"}) {
            RestoreFailure failure = assertThrows(RestoreFailure.class, () -> policy.check(directory(path)), path);
            assertEquals("destination-not-allowed", failure.code(), path);
        }
    }

    @Test
    void aPostgresDestinationNeedsADatabaseAndAnyDestinationAKind() {
        DestinationPolicy policy = new DestinationPolicy(List.of(), List.of("shop"), null);
        assertNull(policy.check(new RestoreDestination(RestoreDestination.Kind.POSTGRES, null, "shop")));
        for (RestoreDestination invalid : new RestoreDestination[]{null, new RestoreDestination(null, "/x", null),
                new RestoreDestination(RestoreDestination.Kind.POSTGRES, null, " ")}) {
            RestoreFailure failure = assertThrows(RestoreFailure.class, () -> policy.check(invalid));
            assertEquals("invalid-request", failure.code());
        }
    }

    @Test
    void postgresRestoresWriteOnlyDatabasesAPatternMatchesAndNeverTheCatalogs() {
        assertEquals("database-not-allowed", assertThrows(RestoreFailure.class, () -> new DestinationPolicy(List.of(),
                List.of(), null).check(database("shop"))).code(), "no pattern allows no database");
        DestinationPolicy policy = new DestinationPolicy(List.of(), List.of("shop", "restored_*", "day-?", "*stream"),
                "backstream");
        for (String allowed : List.of("shop", "restored_", "restored_2026_shop", "day-1", "upstream")) {
            assertNull(policy.check(database(allowed)), allowed);
        }
        for (String refused : List.of("shop2", "Shop", "xrestored_1", "day-10", "restored.x", "backstream")) {
            RestoreFailure failure = assertThrows(RestoreFailure.class, () -> policy.check(database(refused)), refused);
            assertEquals("database-not-allowed", failure.code(), refused);
        }
        assertTrue(assertThrows(RestoreFailure.class, () -> policy.check(database("backstream"))).getMessage()
                .contains("catalog"), "the catalog's database is refused although *stream matches it");
    }

    @Test
    void aDestinationThatHoldsSomethingIsReplacedOnlyWithOverwriteAndOnlyWhenARestoreWroteIt() throws IOException {
        Path empty = Files.createDirectory(temp.resolve("empty"));
        Path full = Files.createDirectory(temp.resolve("full"));
        Files.writeString(full.resolve("f"), "f");
        Path file = Files.writeString(temp.resolve("file"), "f");

        assertDoesNotThrow(() -> DestinationPolicy.checkOverwrite(temp.resolve("missing"), false, false));
        assertDoesNotThrow(() -> DestinationPolicy.checkOverwrite(empty, false, false));
        assertDoesNotThrow(() -> DestinationPolicy.checkOverwrite(empty, true, false));
        assertDoesNotThrow(() -> DestinationPolicy.checkOverwrite(full, true, true));
        for (Path taken : new Path[]{full, file}) {
            RestoreFailure failure = assertThrows(RestoreFailure.class,
                    () -> DestinationPolicy.checkOverwrite(taken, false, true));
            assertEquals("destination-exists", failure.code());
            failure = assertThrows(RestoreFailure.class, () -> DestinationPolicy.checkOverwrite(taken, true, false));
            assertEquals("overwrite-not-allowed", failure.code());
        }
    }

    @Test
    void onlyADirectoryWithARestoreMarkerCountsAsAnEarlierRestore() throws IOException {
        Staging staging = new Staging(temp, Clock.systemUTC());
        Path restored = Files.createDirectory(temp.resolve("restored"));
        Files.writeString(restored.resolve(Staging.MARKER), "{\"backupId\":\"b-1\",\"restoreId\":\"r-1\"}");
        assertTrue(staging.holdsARestore(restored));

        Path foreign = Files.createDirectory(temp.resolve("foreign"));
        Files.writeString(foreign.resolve(Staging.MARKER), "not a marker");
        Path linked = Files.createDirectory(temp.resolve("linked"));
        Files.createSymbolicLink(linked.resolve(Staging.MARKER), restored.resolve(Staging.MARKER));
        Path plain = Files.createDirectory(temp.resolve("plain"));
        Files.writeString(plain.resolve("data"), "data");
        for (Path notRestored : List.of(foreign, linked, plain, temp.resolve("missing"))) {
            assertFalse(staging.holdsARestore(notRestored), notRestored.toString());
        }
    }

    private static RestoreDestination database(String name) {
        return new RestoreDestination(RestoreDestination.Kind.POSTGRES, null, name);
    }

    private static RestoreDestination directory(String path) {
        return new RestoreDestination(RestoreDestination.Kind.DIRECTORY, path, null);
    }
}
