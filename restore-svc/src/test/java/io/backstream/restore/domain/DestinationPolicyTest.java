package io.backstream.restore.domain;

import io.backstream.schema.event.RestoreDestination;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Where a restore may write: strictly under an allowed root, links resolved; replacing only what it may. */
class DestinationPolicyTest {

    @TempDir
    Path temp;

    @Test
    void aDirectoryStrictlyUnderAnAllowedRootIsAllowedEvenIfItDoesNotExistYet() throws IOException {
        Path root = Files.createDirectory(temp.resolve("restores"));
        DestinationPolicy policy = new DestinationPolicy(List.of(root));
        assertEquals(root.resolve("new/dir"), policy.check(directory(root + "/x/../new/dir")));
    }

    @Test
    void relativePathsTheRootItselfAndPathsOutsideOrLinkedOutsideAreNotAllowed() throws IOException {
        Path root = Files.createDirectory(temp.resolve("restores"));
        Path outside = Files.createDirectory(temp.resolve("outside"));
        Files.createSymbolicLink(root.resolve("escape"), outside);
        DestinationPolicy policy = new DestinationPolicy(List.of(root));
        for (String path : new String[]{"relative/dir", "", root.toString(), root + "/..", outside + "/d",
                root + "/escape/d"}) {
            RestoreFailure failure = assertThrows(RestoreFailure.class, () -> policy.check(directory(path)), path);
            assertEquals("destination-not-allowed", failure.code(), path);
        }
    }

    @Test
    void aPostgresDestinationNeedsADatabaseAndAnyDestinationAKind() {
        DestinationPolicy policy = new DestinationPolicy(List.of());
        assertNull(policy.check(new RestoreDestination(RestoreDestination.Kind.POSTGRES, null, "shop")));
        for (RestoreDestination invalid : new RestoreDestination[]{null, new RestoreDestination(null, "/x", null),
                new RestoreDestination(RestoreDestination.Kind.POSTGRES, null, " ")}) {
            RestoreFailure failure = assertThrows(RestoreFailure.class, () -> policy.check(invalid));
            assertEquals("invalid-request", failure.code());
        }
    }

    @Test
    void aDestinationThatHoldsSomethingIsReplacedOnlyWithOverwrite() throws IOException {
        Path empty = Files.createDirectory(temp.resolve("empty"));
        Path full = Files.createDirectory(temp.resolve("full"));
        Files.writeString(full.resolve("f"), "f");
        Path file = Files.writeString(temp.resolve("file"), "f");

        assertDoesNotThrow(() -> DestinationPolicy.checkOverwrite(temp.resolve("missing"), false));
        assertDoesNotThrow(() -> DestinationPolicy.checkOverwrite(empty, false));
        assertDoesNotThrow(() -> DestinationPolicy.checkOverwrite(full, true));
        for (Path taken : new Path[]{full, file}) {
            RestoreFailure failure = assertThrows(RestoreFailure.class,
                    () -> DestinationPolicy.checkOverwrite(taken, false));
            assertEquals("destination-exists", failure.code());
        }
    }

    private static RestoreDestination directory(String path) {
        return new RestoreDestination(RestoreDestination.Kind.DIRECTORY, path, null);
    }
}
