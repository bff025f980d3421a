package io.backstream.restore.domain;

import io.backstream.schema.event.RestoreDestination;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a restore may write: a directory strictly under an allowlisted root (symbolic links resolved), replaced
 * only when empty or when the request says overwrite; a POSTGRES destination names a database. Every refusal is a
 * {@link RestoreFailure} ({@code invalid-request}, {@code destination-not-allowed}, {@code destination-exists}).
 */
final class DestinationPolicy {

    private final List<Path> allowedRoots;

    DestinationPolicy(List<Path> allowedRoots) {
        this.allowedRoots = allowedRoots;
    }

    /** Checks a destination; returns the directory to restore into, or {@code null} for a POSTGRES destination. */
    Path check(RestoreDestination destination) {
        if (destination == null || destination.kind() == null) {
            throw new RestoreFailure("invalid-request", "a destination is required unless verifyOnly");
        }
        if (destination.kind() == RestoreDestination.Kind.POSTGRES) {
            if (destination.database() == null || destination.database().isBlank()) {
                throw new RestoreFailure("invalid-request", "a POSTGRES destination needs a database");
            }
            return null;
        }
        return allowedDestination(destination.path());
    }

    /** Refuses to replace a directory that exists and holds something, unless the request says overwrite. */
    static void checkOverwrite(Path destination, boolean overwrite) throws IOException {
        boolean exists = Files.exists(destination, LinkOption.NOFOLLOW_LINKS);
        if (exists && !overwrite && !isEmptyDirectory(destination)) {
            throw new RestoreFailure("destination-exists", destination + " exists and is not empty; set overwrite"
                    + " to replace it");
        }
    }

    /** The destination as an absolute path strictly under an allowlisted root, symbolic links resolved. */
    private Path allowedDestination(String value) {
        if (value == null || value.isBlank() || !Path.of(value).isAbsolute()) {
            throw new RestoreFailure("destination-not-allowed", "'" + value + "' is not an absolute path");
        }
        Path path = Path.of(value).normalize();
        Path real = realOfDeepestExisting(path);
        for (Path root : allowedRoots) {
            Path realRoot = realOfDeepestExisting(root);
            if (path.startsWith(root) && !path.equals(root) && real.startsWith(realRoot) && !real.equals(realRoot)) {
                return path;
            }
        }
        throw new RestoreFailure("destination-not-allowed", value + " is not under an allowed root " + allowedRoots);
    }

    private static Path realOfDeepestExisting(Path path) {
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return path;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(path)).normalize();
        } catch (IOException e) {
            throw new RestoreFailure("destination-not-allowed", "cannot resolve " + path + ": " + e.getMessage());
        }
    }

    private static boolean isEmptyDirectory(Path path) throws IOException {
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (Stream<Path> children = Files.list(path)) {
            return children.findAny().isEmpty();
        }
    }
}
