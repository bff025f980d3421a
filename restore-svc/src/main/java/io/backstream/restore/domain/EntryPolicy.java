package io.backstream.restore.domain;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What a tar entry may write where, below one root directory: no absolute paths, no {@code ..} segments, nothing
 * written through a symbolic link, symbolic links only to paths inside the root (also when followed through the
 * archive's other links), hard links only to regular files already inside it, no names longer than the file system
 * holds, and no device or FIFO entries. Each refusal is a {@link RestoreFailure} {@code unsafe-entry}
 * naming the entry's path.
 */
final class EntryPolicy {

    /** Longest path an entry may have, in UTF-8 bytes (Linux's PATH_MAX). */
    static final int MAX_PATH_BYTES = 4096;
    /** Longest segment of an entry's path, in UTF-8 bytes (NAME_MAX). */
    static final int MAX_NAME_BYTES = 255;
    /** Most links one symbolic link may go through (Linux's limit before ELOOP). */
    static final int MAX_LINK_HOPS = 40;

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

    /**
     * Where the entry at normalised {@code path} goes: strictly below the root, with a name the file system can
     * hold (at most {@value #MAX_PATH_BYTES} bytes, {@value #MAX_NAME_BYTES} per segment).
     */
    Path target(String path) {
        if (path.startsWith("/") || path.contains("\0") || hasDotDot(path)) {
            throw new RestoreFailure("unsafe-entry", path + " is absolute or contains '..'");
        }
        checkLength(path);
        Path target = root.resolve(path).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            throw new RestoreFailure("unsafe-entry", path + " resolves outside the destination");
        }
        return target;
    }

    /**
     * Refuses an entry at {@code path} below one of the archive's symbolic links: {@code isLink} says whether a
     * normalised path is one. The extractor creates symbolic links only at the end, so these are the only links
     * there can be below the root while entries are written.
     */
    void checkParents(String path, Predicate<String> isLink) {
        for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
            String parent = path.substring(0, slash);
            if (isLink.test(parent)) {
                throw new RestoreFailure("unsafe-entry", path + " would be written through the symbolic link "
                        + parent);
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

    /**
     * Refuses the symbolic link at {@code path} to {@code link} unless it resolves inside the root when followed
     * through the archive's other links ({@code linkAt} gives the target of the link at a normalised path, or
     * {@code null}), as the kernel would follow them: {@code ..} after a link leaves the link's target, not its
     * path. A chain longer than {@value #MAX_LINK_HOPS} links (a loop) is refused too.
     */
    void checkLinkChain(String path, String link, Function<String, String> linkAt) {
        Deque<String> resolved = new ArrayDeque<>(List.of(path.split("/")));
        resolved.removeLast();
        Deque<String> rest = new ArrayDeque<>(List.of(link.split("/")));
        int hops = 0;
        while (!rest.isEmpty()) {
            String segment = rest.removeFirst();
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (resolved.isEmpty()) {
                    throw new RestoreFailure("unsafe-entry", path + " is a symbolic link to " + link
                            + ", which leads outside the destination through the archive's links");
                }
                resolved.removeLast();
                continue;
            }
            String next = resolved.isEmpty() ? segment : String.join("/", resolved) + "/" + segment;
            String target = linkAt.apply(next);
            if (target == null) {
                resolved.addLast(segment);
                continue;
            }
            if (++hops > MAX_LINK_HOPS || target.isEmpty() || target.startsWith("/")) {
                throw new RestoreFailure("unsafe-entry", path + " is a symbolic link to " + link
                        + ", which goes through a loop of links or a link outside the destination");
            }
            List<String> segments = List.of(target.split("/"));
            for (int i = segments.size() - 1; i >= 0; i--) {
                rest.addFirst(segments.get(i));
            }
        }
    }

    /**
     * The file a hard link to {@code linkName} links to: a regular file already extracted inside the root. It is
     * looked at on disk, where the extractor has created none of the archive's symbolic links yet, so a source
     * that is one of them or lies below one is not there.
     */
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

    private static void checkLength(String path) {
        boolean tooLong = path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES;
        for (String segment : path.split("/")) {
            tooLong |= segment.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES;
        }
        if (tooLong) {
            // the reason quotes only the start of a name that may be megabytes long
            throw new RestoreFailure("unsafe-entry", path.substring(0, Math.min(path.length(), 200))
                    + "... has a name longer than the file system holds");
        }
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
