package io.backstream.restore.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstream.schema.Json;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where a restore writes before anything is final. A directory restore extracts into a staging directory beside
 * its destination, which gets a {@value #MARKER} marker naming the chain and is then renamed into place atomically
 * (the old destination moved aside first, and back if the rename fails), so a destination is either as it was or
 * wholly restored. A PostgreSQL restore or a drill extracts into a scratch directory. Names derive from the restore
 * id, so a retried restore starts from an empty directory.
 */
final class Staging {

    /** Name of the marker written into a restored directory. */
    static final String MARKER = "restore.done";
    /** Bytes a marker may have; what a restore writes is far smaller. */
    private static final long MARKER_MAX = 64 * 1024;
    /** What a restore id may not carry into a file name. */
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");

    private final Path scratchDir;
    private final Clock clock;
    private final ObjectMapper mapper = Json.newMapper();

    Staging(Path scratchDir, Clock clock) {
        this.scratchDir = scratchDir;
        this.clock = clock;
    }

    /** A new, empty scratch directory for a restore of this kind ({@code pg}, {@code drill}). */
    Path scratch(String kind, String restoreId) throws IOException {
        Files.createDirectories(scratchDir);
        Path scratch = scratchDir.resolve("backstream-" + kind + "-" + safe(restoreId));
        LocalFiles.deleteTree(scratch);
        return Files.createDirectory(scratch);
    }

    /** A new, empty staging directory beside {@code destination}, creating the destination's parents. */
    Path stagingFor(Path destination, String restoreId) throws IOException {
        Path parent = destination.getParent();
        Files.createDirectories(parent);
        Path staging = parent.resolve("." + destination.getFileName() + ".restore-" + safe(restoreId));
        LocalFiles.deleteTree(staging);
        Files.createDirectory(staging);
        return staging;
    }

    /** Whether {@code destination}'s marker says a restore of exactly this chain completed there. */
    boolean holds(Path destination, List<LoadedBackup> chain) {
        Path marker = destination.resolve(MARKER);
        if (!Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            JsonNode node = mapper.readTree(marker.toFile());
            LoadedBackup newest = chain.get(chain.size() - 1);
            return newest.location().backupId().equals(node.path("backupId").asText())
                    && newest.manifest().archiveSha256().equalsIgnoreCase(node.path("archiveSha256").asText())
                    && LoadedBackup.ids(chain).equals(mapper.convertValue(node.path("backupIds"), List.class));
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Whether {@code destination} is a directory holding the marker of a completed restore (a regular file naming
     * the backup and the restore), whatever the chain: a directory that overwrite may replace.
     */
    boolean holdsARestore(Path destination) {
        Path marker = destination.resolve(MARKER);
        try {
            if (!Files.isDirectory(destination, LinkOption.NOFOLLOW_LINKS)
                    || !Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS) || Files.size(marker) > MARKER_MAX) {
                return false;
            }
            JsonNode node = mapper.readTree(marker.toFile());
            return node != null && node.path("backupId").isTextual() && node.path("restoreId").isTextual();
        } catch (IOException e) {
            return false;
        }
    }

    /** Marks the checked staging directory as restore {@code restoreId} of the chain and swaps it into place. */
    void commit(Path staging, Path destination, String restoreId, List<LoadedBackup> chain) throws IOException {
        writeMarker(staging, restoreId, chain);
        swap(staging, destination, restoreId);
    }

    private void writeMarker(Path staging, String restoreId, List<LoadedBackup> chain) throws IOException {
        LoadedBackup newest = chain.get(chain.size() - 1);
        Map<String, Object> marker = new LinkedHashMap<>();
        marker.put("backupId", newest.location().backupId());
        marker.put("archiveSha256", newest.manifest().archiveSha256());
        marker.put("restoredAt", clock.instant().toString());
        marker.put("restoreId", restoreId);
        marker.put("backupIds", LoadedBackup.ids(chain));
        Files.write(staging.resolve(MARKER), mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(marker));
    }

    /** Moves the checked staging directory into place; an old destination is moved aside, then deleted. */
    private static void swap(Path staging, Path destination, String restoreId) throws IOException {
        Path aside = null;
        if (Files.exists(destination, LinkOption.NOFOLLOW_LINKS)) {
            aside = destination.resolveSibling("." + destination.getFileName() + ".old-" + safe(restoreId));
            LocalFiles.deleteTree(aside);
            atomicMove(destination, aside);
        }
        try {
            atomicMove(staging, destination);
        } catch (IOException e) {
            if (aside != null) {
                atomicMove(aside, destination);
            }
            throw e;
        }
        if (aside != null) {
            LocalFiles.deleteTree(aside);
        }
    }

    private static void atomicMove(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new RestoreFailure("destination-not-allowed", "cannot rename " + from + " to " + to
                    + " atomically (different file systems?)", e);
        }
    }

    private static String safe(String id) {
        return UNSAFE.matcher(id).replaceAll("_");
    }
}
