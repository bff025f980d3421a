package io.backstream.restore.domain;

import io.backstream.schema.Globs;
import io.backstream.schema.event.RestoreDestination;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where a restore may write: a directory strictly under an allowlisted root (symbolic links resolved), replaced
 * only when empty, or on overwrite when it holds an earlier restore's marker; a POSTGRES destination only a database
 * that an allowed-databases pattern matches and that is not the catalog's own. Every refusal is a
 * {@link RestoreFailure} ({@code invalid-request}, {@code destination-not-allowed}, {@code destination-exists},
 * {@code overwrite-not-allowed}, {@code database-not-allowed}).
 *
 * <p>A database pattern is a whole, case-sensitive name in which {@code *} stands for any run of characters and
 * {@code ?} for one character ({@code shop}, {@code restored_*}).
 */
final class DestinationPolicy {

    private final List<Path> allowedRoots;
    private final List<Pattern> allowedDatabases;
    private final String catalogDatabase;

    /**
     * @param allowedDatabases patterns of the databases POSTGRES restores may write; none allows no database
     * @param catalogDatabase  the catalog's own database, refused whatever the patterns say; null or blank if none
     */
    DestinationPolicy(List<Path> allowedRoots, List<String> allowedDatabases, String catalogDatabase) {
        this.allowedRoots = allowedRoots;
        this.allowedDatabases = allowedDatabases.stream().map(Globs::compile).toList();
        this.catalogDatabase = catalogDatabase == null || catalogDatabase.isBlank() ? null : catalogDatabase;
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
            checkDatabase(destination.database());
            return null;
        }
        return allowedDestination(destination.path());
    }

    private void checkDatabase(String database) {
        if (database.equals(catalogDatabase)) {
            throw new RestoreFailure("database-not-allowed", "database " + database + " is the catalog's own"
                    + " (backstream.restore.postgres.catalog-database); no restore writes it");
        }
        if (allowedDatabases.stream().noneMatch(pattern -> pattern.matcher(database).matches())) {
            throw new RestoreFailure("database-not-allowed", "database " + database + " matches no pattern of"
                    + " backstream.restore.postgres.allowed-databases");
        }
    }

    /**
     * Refuses to replace a destination that exists and holds something, unless the request says overwrite and it
     * holds what an earlier restore put there ({@code restoredBefore}: its marker): overwrite never replaces files
     * that no restore wrote.
     */
    static void checkOverwrite(Path destination, boolean overwrite, boolean restoredBefore) throws IOException {
        if (!Files.exists(destination, LinkOption.NOFOLLOW_LINKS) || isEmptyDirectory(destination)) {
            return;
        }
        if (!overwrite) {
            throw new RestoreFailure("destination-exists", destination + " exists and is not empty; set overwrite"
                    + " to replace it");
        }
        if (!restoredBefore) {
            throw new RestoreFailure("overwrite-not-allowed", destination + " is not empty and holds no "
                    + Staging.MARKER + " of an earlier restore; overwrite replaces only an empty directory or a"
                    + " restored one");
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
