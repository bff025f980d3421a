package io.backstream.restore.domain;

import io.backstream.schema.manifest.BackupManifest.FileType;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

/**
 * Extracts tar streams into one directory and refuses anything that could write outside it: absolute paths,
 * {@code ..} segments, paths through symbolic links, symbolic or hard links pointing outside, and device or FIFO
 * entries ({@link RestoreFailure} {@code unsafe-entry} naming the path; the rules are {@link EntryPolicy}'s).
 * Restores contents, modes, mtimes, symbolic links, hard links and empty directories; directory modes and mtimes
 * are applied by {@link #finish()}, after their contents. Later streams replace what earlier ones wrote
 * (incremental chains).
 *
 * <p>Files are written by a {@link FileEntryWriter}, on its writer threads when given an executor. Entries that
 * depend on earlier ones (links, a path seen again) wait for every pending write first, and {@link #extract}
 * returns only when all of them are done.
 */
public final class SafeExtractor {

    /** What was extracted for one path. */
    public record Extracted(FileType type, long size) {
    }

    private record DirectoryAttributes(Path path, int mode, FileTime mtime) {
    }

    private final Path root;
    private final EntryPolicy policy;
    private final FileEntryWriter files;
    private final Map<String, Extracted> extracted = new LinkedHashMap<>();
    private final Map<String, DirectoryAttributes> directories = new LinkedHashMap<>();
    /** Directories this extractor has made or seen, so their parents are not created or checked again. */
    private final Set<Path> knownDirectories = new HashSet<>();
    private long bytes;

    /**
     * @param root    an existing, empty directory
     * @param writers runs the writes of files, {@code null} to write everything on the calling thread
     */
    public SafeExtractor(Path root, Executor writers) {
        this.root = root.toAbsolutePath().normalize();
        this.policy = new EntryPolicy(this.root);
        this.files = new FileEntryWriter(writers);
        knownDirectories.add(this.root);
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
        boolean done = false;
        try {
            while (stopAfter < 0 || accepted < stopAfter) {
                TarArchiveEntry entry = in.getNextEntry();
                if (entry == null) {
                    break;
                }
                String path = EntryPolicy.normalise(entry.getName());
                if (path.isEmpty() || !include.test(path)) {
                    continue;
                }
                accepted++;
                write(in, entry, path);
            }
            done = true;
        } finally {
            if (done) {
                files.awaitWrites();
            } else {
                files.awaitWritesQuietly();
            }
        }
    }

    private void write(TarArchiveInputStream in, TarArchiveEntry entry, String path) throws IOException {
        Path target = policy.target(path);
        policy.checkParents(path, target, knownDirectories);
        EntryPolicy.checkType(path, entry);
        boolean regularFile = entry.isFile() && !entry.isSymbolicLink() && !entry.isLink();
        // an entry that replaces or links to what may still be being written waits for the writes
        if (files.pending(path) || !(regularFile || entry.isDirectory())
                || (regularFile && knownDirectories.contains(target))) {
            files.awaitWrites();
        }
        if (!entry.isDirectory() && knownDirectories.contains(target)) {
            LocalFiles.replace(target);
            knownDirectories.removeIf(known -> known.startsWith(target));
        }
        FileTime mtime = entry.getLastModifiedTime();
        int mode = entry.getMode() & 0777;
        if (entry.isDirectory()) {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(target);
            }
            Files.createDirectories(target);
            knownDirectories.add(target);
            directories.put(path, new DirectoryAttributes(target, mode, mtime));
            extracted.put(path, new Extracted(FileType.DIRECTORY, 0));
            return;
        }
        if (knownDirectories.add(target.getParent())) {
            Files.createDirectories(target.getParent());
        }
        if (regularFile) {
            long size = files.write(in, entry, path, target, mode, mtime);
            bytes += size;
            extracted.put(path, new Extracted(FileType.FILE, size));
            return;
        }
        LocalFiles.replace(target);
        if (entry.isSymbolicLink()) {
            String link = entry.getLinkName();
            policy.checkSymbolicLink(path, target, link);
            Files.createSymbolicLink(target, Path.of(link));
            LocalFiles.setTime(target, mtime);
            extracted.put(path, new Extracted(FileType.SYMLINK, 0));
        } else if (entry.isLink()) {
            Files.createLink(target, policy.hardLinkSource(path, entry.getLinkName()));
            extracted.put(path, new Extracted(FileType.HARDLINK, 0));
        } else {
            throw EntryPolicy.unsupported(path);
        }
    }

    /** Applies directory modes and mtimes, deepest first, so writing their contents did not change them. */
    public void finish() throws IOException {
        List<DirectoryAttributes> dirs = new ArrayList<>(directories.values());
        dirs.sort(Comparator.comparingInt((DirectoryAttributes d) -> d.path().getNameCount()).reversed());
        for (DirectoryAttributes dir : dirs) {
            Files.setPosixFilePermissions(dir.path(), LocalFiles.permissions(dir.mode()));
            LocalFiles.setTime(dir.path(), dir.mtime());
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
}
