package io.backstream.restore.domain;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Set;

/**
 * What a tar entry may write where, below one root directory: no absolute paths, no {@code ..} segments, nothing
 * written through a symbolic link, symbolic links only to paths inside the root, hard links only to regular files
 * already inside it, and no device or FIFO entries. Each refusal is a {@link RestoreFailure} {@code unsafe-entry}
 * naming the entry's path.
 */
final class EntryPolicy {

    private final Path root;

    /** @param root the directory entries are extracted into */
    EntryPolicy(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** Normalised archive path: no leading {@code ./}, no trailing {@code /}. */
    static String normalise(String name) {
        String path = name;
        while (path.startsWith("./")) {
            path = path.substring(2);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path.equals(".") ? "" : path;
    }

    /** Where the entry at normalised {@code path} goes: strictly below the root. */
    Path target(String path) {
        if (path.startsWith("/") || path.contains("\0") || hasDotDot(path)) {
            throw new RestoreFailure("unsafe-entry", path + " is absolute or contains '..'");
        }
        Path target = root.resolve(path).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            throw new RestoreFailure("unsafe-entry", path + " resolves outside the destination");
        }
        return target;
    }

    /**
     * Refuses to write {@code target} through a symbolic link below the root. Parents in {@code checked} (made or
     * checked for an earlier entry, with their own parents) end the walk.
     */
    void checkParents(String path, Path target, Set<Path> checked) {
        for (Path parent = target.getParent(); parent != null && !parent.equals(root); parent = parent.getParent()) {
            if (checked.contains(parent)) {
                break;
            }
            if (Files.isSymbolicLink(parent)) {
                throw new RestoreFailure("unsafe-entry", path + " would be written through the symbolic link "
                        + root.relativize(parent));
            }
        }
    }

    /** Refuses device and FIFO entries. */
    static void checkType(String path, TarArchiveEntry entry) {
        if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
            throw new RestoreFailure("unsafe-entry", path + " is a device or FIFO entry");
        }
    }

    /** Refuses a symbolic link at {@code target} to {@code link} unless it points inside the root. */
    void checkSymbolicLink(String path, Path target, String link) {
        Path resolved = target.getParent().resolve(link).normalize();
        if (link.isEmpty() || link.startsWith("/") || !resolved.startsWith(root)) {
            throw new RestoreFailure("unsafe-entry", path + " is a symbolic link to " + link
                    + ", which is outside the destination");
        }
    }

    /** The file a hard link to {@code linkName} links to: a regular file already extracted inside the root. */
    Path hardLinkSource(String path, String linkName) {
        String link = normalise(linkName);
        Path source = link.startsWith("/") ? null : root.resolve(link).normalize();
        if (source == null || !source.startsWith(root) || source.equals(root) || hasDotDot(link)
                || !Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
            throw new RestoreFailure("unsafe-entry", path + " is a hard link to " + linkName
                    + ", which is not a file extracted inside the destination");
        }
        return source;
    }

    /** The refusal of an entry type this policy does not know. */
    static RestoreFailure unsupported(String path) {
        return new RestoreFailure("unsafe-entry", path + " has an unsupported tar entry type");
    }

    private static boolean hasDotDot(String path) {
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                return true;
            }
        }
        return false;
    }
}
