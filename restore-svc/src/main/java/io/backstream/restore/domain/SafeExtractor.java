package io.backstream.restore.domain;

import io.backstream.schema.manifest.BackupManifest.FileType;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Extracts tar streams into one directory and refuses anything that could write outside it: absolute paths,
 * {@code ..} segments, paths through symbolic links, symbolic or hard links pointing outside, and device or FIFO
 * entries ({@link RestoreFailure} {@code unsafe-entry} naming the path). Restores contents, modes, mtimes,
 * symbolic links, hard links and empty directories; directory modes and mtimes are applied by {@link #finish()},
 * after their contents. Later streams replace what earlier ones wrote (incremental chains).
 */
public final class SafeExtractor {

    /** What was extracted for one path. */
    public record Extracted(FileType type, long size) {
    }

    private record DirectoryAttributes(Path path, int mode, FileTime mtime) {
    }

    private final Path root;
    private final Map<String, Extracted> extracted = new LinkedHashMap<>();
    private final Map<String, DirectoryAttributes> directories = new LinkedHashMap<>();
    private long bytes;

    /** @param root an existing, empty directory */
    public SafeExtractor(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /**
     * Extracts entries of {@code tar} whose normalised path {@code include} accepts, skipping the others.
     *
     * @param stopAfter stop after this many accepted entries (a partial run that ends mid-archive), or -1 to read
     *                  up to the end-of-archive marker
     */
    public void extract(InputStream tar, Predicate<String> include, int stopAfter) throws IOException {
        TarArchiveInputStream in = new TarArchiveInputStream(tar);
        int accepted = 0;
        while (stopAfter < 0 || accepted < stopAfter) {
            TarArchiveEntry entry = in.getNextEntry();
            if (entry == null) {
                break;
            }
            String path = normalise(entry.getName());
            if (path.isEmpty() || !include.test(path)) {
                continue;
            }
            accepted++;
            write(in, entry, path);
        }
    }

    /** Normalised archive path: no leading {@code ./}, no trailing {@code /}. */
    public static String normalise(String name) {
        String path = name;
        while (path.startsWith("./")) {
            path = path.substring(2);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path.equals(".") ? "" : path;
    }

    private void write(TarArchiveInputStream in, TarArchiveEntry entry, String path) throws IOException {
        Path target = checkedTarget(path);
        checkParents(path, target);
        if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
            throw new RestoreFailure("unsafe-entry", path + " is a device or FIFO entry");
        }
        FileTime mtime = entry.getLastModifiedTime();
        int mode = entry.getMode() & 0777;
        if (entry.isDirectory()) {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(target);
            }
            Files.createDirectories(target);
            directories.put(path, new DirectoryAttributes(target, mode, mtime));
            extracted.put(path, new Extracted(FileType.DIRECTORY, 0));
            return;
        }
        Files.createDirectories(target.getParent());
        replace(target);
        if (entry.isSymbolicLink()) {
            String link = entry.getLinkName();
            Path resolved = target.getParent().resolve(link).normalize();
            if (link.isEmpty() || link.startsWith("/") || !resolved.startsWith(root)) {
                throw new RestoreFailure("unsafe-entry", path + " is a symbolic link to " + link
                        + ", which is outside the destination");
            }
            Files.createSymbolicLink(target, Path.of(link));
            setTime(target, mtime);
            extracted.put(path, new Extracted(FileType.SYMLINK, 0));
        } else if (entry.isLink()) {
            String link = normalise(entry.getLinkName());
            Path source = link.startsWith("/") ? null : root.resolve(link).normalize();
            if (source == null || !source.startsWith(root) || source.equals(root) || hasDotDot(link)
                    || !Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
                throw new RestoreFailure("unsafe-entry", path + " is a hard link to " + entry.getLinkName()
                        + ", which is not a file extracted inside the destination");
            }
            Files.createLink(target, source);
            extracted.put(path, new Extracted(FileType.HARDLINK, 0));
        } else if (entry.isFile()) {
            long written;
            try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                written = in.transferTo(out);
            }
            if (written != entry.getSize()) {
                throw new RestoreFailure("checksum-mismatch", path + " has " + written + " bytes, its tar header says "
                        + entry.getSize());
            }
            bytes += written;
            Files.setPosixFilePermissions(target, permissions(mode));
            setTime(target, mtime);
            extracted.put(path, new Extracted(FileType.FILE, written));
        } else {
            throw new RestoreFailure("unsafe-entry", path + " has an unsupported tar entry type");
        }
    }

    private Path checkedTarget(String path) {
        if (path.startsWith("/") || path.contains("\0") || hasDotDot(path)) {
            throw new RestoreFailure("unsafe-entry", path + " is absolute or contains '..'");
        }
        Path target = root.resolve(path).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            throw new RestoreFailure("unsafe-entry", path + " resolves outside the destination");
        }
        return target;
    }

    private void checkParents(String path, Path target) {
        for (Path parent = target.getParent(); parent != null && !parent.equals(root); parent = parent.getParent()) {
            if (Files.isSymbolicLink(parent)) {
                throw new RestoreFailure("unsafe-entry", path + " would be written through the symbolic link "
                        + root.relativize(parent));
            }
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

    private static void replace(Path target) throws IOException {
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            deleteTree(target);
        } else {
            Files.deleteIfExists(target);
        }
    }

    private static void setTime(Path target, FileTime mtime) throws IOException {
        if (mtime != null) {
            Files.getFileAttributeView(target, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(mtime, null, null);
        }
    }

    /** Applies directory modes and mtimes, deepest first, so writing their contents did not change them. */
    public void finish() throws IOException {
        List<DirectoryAttributes> dirs = new ArrayList<>(directories.values());
        dirs.sort(Comparator.comparingInt((DirectoryAttributes d) -> d.path().getNameCount()).reversed());
        for (DirectoryAttributes dir : dirs) {
            Files.setPosixFilePermissions(dir.path(), permissions(dir.mode()));
            setTime(dir.path(), dir.mtime());
        }
    }

    /** Every extracted path (normalised) with its type and size, in archive order; later streams replace. */
    public Map<String, Extracted> extracted() {
        return extracted;
    }

    /** File bytes written. */
    public long bytes() {
        return bytes;
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> result = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {
                PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                result.add(bits[i]);
            }
        }
        return result;
    }

    /** Deletes a tree without following symbolic links. */
    public static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (var children = Files.list(path)) {
                for (Path child : (Iterable<Path>) children::iterator) {
                    deleteTree(child);
                }
            }
        }
        Files.delete(path);
    }
}
