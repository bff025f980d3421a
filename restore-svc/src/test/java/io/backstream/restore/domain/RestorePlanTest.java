package io.backstream.restore.domain;

import io.backstream.schema.manifest.BackupManifest;
import io.backstream.schema.manifest.BackupManifest.FileType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which entries a restore selects, which chunks it fetches for them, and what an archive must have held. */
class RestorePlanTest {

    /** Four chunks of 100 raw bytes each; the entries' headers sit at the given raw offsets. */
    private static final BackupManifest INDEXED = manifest(List.of(
            entry("./", FileType.DIRECTORY, 0L),
            entry("a/x", FileType.FILE, 10L),
            entry("ab", FileType.FILE, 120L),
            entry("c/y", FileType.FILE, 250L),
            entry("d", FileType.FILE, 390L)));

    @Test
    void aFullRestoreReadsEveryChunkToTheEndAndExpectsEveryEntryButTheRoot() {
        RestorePlan plan = new RestorePlan(List.of());
        assertEquals(List.of(new RestorePlan.Run(0, 3, 0, -1)), plan.runs(INDEXED));
        assertEquals(List.of("a/x", "ab", "c/y", "d"), paths(plan.expected(INDEXED)));
        assertDoesNotThrow(() -> plan.checkSelectedAny(false));
    }

    @Test
    void includePathsSelectThemselvesAndWhatIsBelowThemAndFetchOnlyTheChunksHoldingThem() {
        RestorePlan plan = new RestorePlan(List.of("./a/", "d"));
        assertTrue(plan.wants("a") && plan.wants("a/x") && plan.wants("d"));
        assertTrue(!plan.wants("ab") && !plan.wants("c/y"));
        assertEquals(List.of("a/x", "d"), paths(plan.expected(INDEXED)));

        List<RestorePlan.Run> runs = plan.runs(INDEXED);
        assertEquals(List.of(new RestorePlan.Run(0, 1, 10, 1), new RestorePlan.Run(3, 3, 390, 1)), runs);
        assertEquals(10, RestorePlan.skip(INDEXED, runs.get(0)));
        assertEquals(90, RestorePlan.skip(INDEXED, runs.get(1)));
    }

    @Test
    void entriesInAdjacentChunksShareOneRun() {
        assertEquals(List.of(new RestorePlan.Run(0, 3, 10, 2)), new RestorePlan(List.of("a", "c")).runs(INDEXED));
    }

    @Test
    void aManifestWithoutRawOffsetsIsReadWhole() {
        BackupManifest unindexed = manifest(List.of(entry("a/x", FileType.FILE, 10L), entry("d", FileType.FILE, null)));
        assertEquals(List.of(new RestorePlan.Run(0, 3, 0, -1)), new RestorePlan(List.of("d")).runs(unindexed));
    }

    @Test
    void includePathsThatSelectNothingAreRefused() {
        RestoreFailure failure = assertThrows(RestoreFailure.class,
                () -> new RestorePlan(List.of("missing")).checkSelectedAny(false));
        assertEquals("path-not-found", failure.code());
        assertTrue(failure.reason().contains("missing"), failure.reason());
    }

    @Test
    void anArchiveMustHoldExactlyTheExpectedEntriesWithTheirTypesAndSizes() {
        RestorePlan plan = new RestorePlan(List.of("a", "d"));
        List<BackupManifest.FileEntry> expected = plan.expected(INDEXED);
        LoadedBackup loaded = new LoadedBackup(new BackupLocation("b-1", "t-1", "FULL", "s", "archive-key",
                "manifest-key", 400, null), null, INDEXED);
        SafeExtractor.Extracted file = new SafeExtractor.Extracted(FileType.FILE, 7);

        assertDoesNotThrow(() -> RestorePlan.checkExtracted(loaded, expected, Map.of("a/x", file, "d", file)));
        for (Map<String, SafeExtractor.Extracted> wrong : List.of(
                Map.of("a/x", file),
                Map.of("a/x", file, "d", new SafeExtractor.Extracted(FileType.FILE, 8)),
                Map.of("a/x", file, "d", new SafeExtractor.Extracted(FileType.SYMLINK, 0)),
                Map.of("a/x", file, "d", file, "a/extra", file))) {
            RestoreFailure failure = assertThrows(RestoreFailure.class,
                    () -> RestorePlan.checkExtracted(loaded, expected, wrong), wrong.toString());
            assertEquals("checksum-mismatch", failure.code());
            assertTrue(failure.reason().contains("archive-key"), failure.reason());
        }
    }

    private static List<String> paths(List<BackupManifest.FileEntry> entries) {
        return entries.stream().map(BackupManifest.FileEntry::path).toList();
    }

    private static BackupManifest.FileEntry entry(String path, FileType type, Long rawOffset) {
        return new BackupManifest.FileEntry(path, type, type == FileType.FILE ? 7 : 0, 0644, null, null, rawOffset,
                null);
    }

    private static BackupManifest manifest(List<BackupManifest.FileEntry> files) {
        List<BackupManifest.Chunk> chunks = List.of(
                new BackupManifest.Chunk(0, 0, 10, "s0", 0L, 100L),
                new BackupManifest.Chunk(1, 10, 10, "s1", 100L, 100L),
                new BackupManifest.Chunk(2, 20, 10, "s2", 200L, 100L),
                new BackupManifest.Chunk(3, 30, 10, "s3", 300L, 100L));
        return new BackupManifest(1, "b-1", "t-1", null, null, null, null, null, null, null, null, 40, "sha", 400L,
                chunks, files, List.of());
    }
}
