package io.backstream.restore.domain;

import io.backstream.schema.manifest.BackupManifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a restore reads of each archive of its chain: the entries its include paths select (every entry when it
 * names none), the runs of chunks that hold them, and the check that an archive held exactly the selected entries
 * its manifest lists. A failure is a {@link RestoreFailure} ({@code checksum-mismatch}, {@code path-not-found}).
 */
final class RestorePlan {

    /**
     * Chunks {@code first..last} fetched together; extraction starts at raw offset {@code rawStart} and stops
     * after {@code entries} selected entries, or reads to the end of the archive when {@code entries} is -1.
     */
    record Run(int first, int last, long rawStart, int entries) {
    }

    private final List<String> include;

    /** @param includePaths archive paths to restore with everything below them; empty for everything */
    RestorePlan(List<String> includePaths) {
        this.include = includePaths.stream().map(EntryPolicy::normalise).toList();
    }

    /** Whether the normalised archive path is selected. */
    boolean wants(String path) {
        return include.isEmpty() || include.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"));
    }

    private boolean selected(String path) {
        return !path.isEmpty() && wants(path);
    }

    /** The selected entries the manifest lists. */
    List<BackupManifest.FileEntry> expected(BackupManifest manifest) {
        return manifest.files().stream()
                .filter(f -> selected(EntryPolicy.normalise(f.path())))
                .toList();
    }

    /**
     * Which chunks to fetch: all of them for a full restore (or when the manifest lacks raw offsets), else for
     * each wanted entry the chunks from the one holding its header to the one holding its last byte, merged
     * into runs of consecutive chunks.
     */
    List<Run> runs(BackupManifest manifest) {
        List<BackupManifest.Chunk> chunks = manifest.chunks();
        if (chunks.isEmpty()) {
            return List.of();
        }
        List<BackupManifest.FileEntry> files = manifest.files();
        boolean indexed = chunks.stream().allMatch(c -> c.rawOffset() != null && c.rawSize() != null)
                && files.stream().allMatch(f -> f.rawOffset() != null);
        if (include.isEmpty() || !indexed) {
            return List.of(new Run(0, chunks.size() - 1, rawOffset(chunks.get(0)), -1));
        }
        BackupManifest.Chunk lastChunk = chunks.get(chunks.size() - 1);
        long rawEnd = lastChunk.rawOffset() + lastChunk.rawSize();
        List<Run> runs = new ArrayList<>();
        Run current = null;
        for (int i = 0; i < files.size(); i++) {
            if (!wants(EntryPolicy.normalise(files.get(i).path()))) {
                continue;
            }
            long start = files.get(i).rawOffset();
            long end = i + 1 < files.size() ? files.get(i + 1).rawOffset() : rawEnd;
            int first = chunkAt(chunks, start);
            int last = chunkAt(chunks, Math.max(start, end - 1));
            if (current != null && first <= current.last() + 1) {
                current = new Run(current.first(), Math.max(last, current.last()), current.rawStart(),
                        current.entries() + 1);
                runs.set(runs.size() - 1, current);
            } else {
                current = new Run(first, last, start, 1);
                runs.add(current);
            }
        }
        return runs;
    }

    /** Raw bytes to skip at the start of a run's first chunk to reach its first entry. */
    static long skip(BackupManifest manifest, Run run) {
        return run.rawStart() - rawOffset(manifest.chunks().get(run.first()));
    }

    /** Refuses an archive whose extracted entries are not exactly the {@code expected} ones, by type and size. */
    static void checkExtracted(LoadedBackup loaded, List<BackupManifest.FileEntry> expected,
                               Map<String, SafeExtractor.Extracted> extracted) {
        String key = loaded.location().key();
        for (BackupManifest.FileEntry entry : expected) {
            String path = EntryPolicy.normalise(entry.path());
            SafeExtractor.Extracted actual = extracted.get(path);
            if (actual == null) {
                throw new RestoreFailure("checksum-mismatch", "the manifest lists " + path + " but archive " + key
                        + " does not hold it");
            }
            if (actual.type() != entry.type()
                    || (entry.type() == BackupManifest.FileType.FILE && actual.size() != entry.size())) {
                throw new RestoreFailure("checksum-mismatch", path + " in archive " + key + " is a " + actual.type()
                        + " of " + actual.size() + " bytes, the manifest says " + entry.type() + " of " + entry.size());
            }
        }
        if (extracted.size() != expected.size()) {
            throw new RestoreFailure("checksum-mismatch", "archive " + key + " holds " + extracted.size()
                    + " matching entries, the manifest lists " + expected.size());
        }
    }

    /** Refuses a restore whose include paths selected no entry of any backup of the chain. */
    void checkSelectedAny(boolean selectedAny) {
        if (!include.isEmpty() && !selectedAny) {
            throw new RestoreFailure("path-not-found", "no entry of the backup matches " + include);
        }
    }

    private static long rawOffset(BackupManifest.Chunk chunk) {
        return chunk.rawOffset() == null ? 0 : chunk.rawOffset();
    }

    private static int chunkAt(List<BackupManifest.Chunk> chunks, long raw) {
        for (int i = 0; i < chunks.size(); i++) {
            BackupManifest.Chunk c = chunks.get(i);
            if (raw >= c.rawOffset() && raw < c.rawOffset() + c.rawSize()) {
                return i;
            }
        }
        throw new RestoreFailure("checksum-mismatch", "the manifest has no chunk holding raw offset " + raw);
    }
}
