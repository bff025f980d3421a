package io.backstream.restore.domain;

import io.backstream.schema.manifest.BackupManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A restore becomes final only by the swap, and its marker says which chain it holds. */
class StagingTest {

    @TempDir
    Path temp;

    private final Staging staging = new Staging(null, Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"),
            ZoneOffset.UTC));

    @Test
    void aCommittedStagingDirectoryReplacesTheDestinationWholeAndIsMarkedWithItsChain() throws IOException {
        Path destination = Files.createDirectories(temp.resolve("restores/app"));
        Files.writeString(destination.resolve("old.txt"), "old");
        List<LoadedBackup> chain = List.of(backup("b-1", "aa"), backup("b-2", "bb"));

        Path staged = staging.stagingFor(destination, "r/1");
        assertEquals(destination.resolveSibling(".app.restore-r_1"), staged);
        Files.writeString(staged.resolve("new.txt"), "new");
        staging.commit(staged, destination, "r/1", chain);

        assertEquals("new", Files.readString(destination.resolve("new.txt")));
        assertFalse(Files.exists(destination.resolve("old.txt")));
        try (Stream<Path> siblings = Files.list(destination.getParent())) {
            assertEquals(List.of(destination), siblings.toList(), "no staging or old directory is left beside it");
        }
        String marker = Files.readString(destination.resolve(Staging.MARKER));
        assertTrue(marker.contains("\"restoreId\" : \"r/1\"") && marker.contains("2026-01-02T03:04:05Z"), marker);
        assertTrue(staging.holds(destination, chain));
        assertFalse(staging.holds(destination, List.of(backup("b-2", "bb"))), "another chain");
        assertFalse(staging.holds(destination, List.of(backup("b-1", "aa"), backup("b-2", "cc"))), "another archive");
    }

    @Test
    void aRetriedRestoreStartsFromAnEmptyStagingDirectory() throws IOException {
        Path destination = temp.resolve("restores/app");
        Path first = staging.stagingFor(destination, "r-1");
        Files.writeString(first.resolve("left-over"), "x");
        Path again = staging.stagingFor(destination, "r-1");
        try (Stream<Path> children = Files.list(again)) {
            assertEquals(0, children.count());
        }
        assertFalse(staging.holds(destination, List.of(backup("b-1", "aa"))), "nothing restored yet");
    }

    private static LoadedBackup backup(String id, String sha256) {
        BackupManifest manifest = new BackupManifest(1, id, "t-1", null, null, null, null, null, null, null, null, 0,
                sha256, null, List.of(), List.of(), List.of());
        return new LoadedBackup(new BackupLocation(id, "t-1", "FULL", "s", "k-" + id, "m-" + id, 0, sha256), null,
                manifest);
    }
}
