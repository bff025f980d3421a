package io.backstream.restore.domain;

import io.backstream.schema.manifest.BackupManifest.FileEntry;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

/**
 * Extracts tar streams into one directory and refuses anything that could write outside it: absolute paths,
 * {@code ..} segments, paths through symbolic links, symbolic links leading outside (also through other links),
 * hard links to anything but a file extracted inside, over-long names, and device or FIFO entries
 * ({@link RestoreFailure} {@code unsafe-entry} naming the path; the rules are {@link EntryPolicy}'s). Restores
 * contents, modes, mtimes, symbolic links, hard links and empty directories. Later streams replace what earlier
 * ones wrote (incremental chains).
 *
 * <p>Symbolic links are created only by {@link #finish()}, after every stream, once each has been checked against
 * all the others (as GNU tar's placeholders delay them): until then no symbolic link exists below the root, so
 * no entry, in whatever order, can write through one, and files are also created without following one. An entry
 * below a path that is a symbolic link so far is refused. Directory modes and mtimes are applied after the links.
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

    private record SymbolicLink(Path path, String link, FileTime mtime) {
    }

    private final Path root;
    private final EntryPolicy policy;
    private final FileEntryWriter files;
    private final Map<String, Extracted> extracted = new LinkedHashMap<>();
    private final Map<String, DirectoryAttributes> directories = new LinkedHashMap<>();
    /** The symbolic links to create at the end, by normalised path. */
    private final Map<String, SymbolicLink> links = new LinkedHashMap<>();
    /**
     * Every directory below the root this extractor made, with the root: exactly the directories there are, as
     * nothing else writes below the root and every entry that replaces one drops it and all below it.
     */
    private final Set<Path> knownDirectories = new HashSet<>();
    /** The entries the manifest lists, by normalised path; {@code null} when the caller gave none. */
    private Map<String, FileEntry> expected;
    private boolean finished;
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
     * The entries the next streams may hold: from now on an accepted entry the list does not name, or a file
     * larger than its listed size, is refused before anything of it is written ({@code checksum-mismatch}).
     */
    public void expect(List<FileEntry> entries) {
        expected = new HashMap<>();
        for (FileEntry entry : entries) {
            expected.put(EntryPolicy.normalise(entry.path()), entry);
        }
    }

    /**
     * Extracts entries of {@code tar} whose normalised path {@code include} accepts, skipping the others.
     *
     * @param stopAfter stop after this many accepted entries (a partial run that ends mid-archive), or -1 to read
     *                  up to the end-of-archive marker
     * @throws IllegalStateException after {@link #finish()}
     */
    public void extract(InputStream tar, Predicate<String> include, int stopAfter) throws IOException {
        if (finished) {
            throw new IllegalStateException("the extraction into " + root + " is finished");
        }
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
        EntryPolicy.checkType(path, entry);
        policy.checkParents(path, links::containsKey);
        boolean regularFile = entry.isFile() && !entry.isSymbolicLink() && !entry.isLink();
        checkExpected(path, entry, regularFile);
        // an entry that replaces or links to what may still be being written waits for the writes
        if (files.pending(path) || !(regularFile || entry.isDirectory())
                || (regularFile && knownDirectories.contains(target))) {
            files.awaitWrites();
        }
        links.remove(path);
        if (!entry.isDirectory() && knownDirectories.contains(target)) {
            LocalFiles.replace(target);
            forgetBelow(path, target);
        }
        FileTime mtime = entry.getLastModifiedTime();
        int mode = entry.getMode() & 0777;
        if (entry.isDirectory()) {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(target);
            }
            makeDirectories(target);
            directories.put(path, new DirectoryAttributes(target, mode, mtime));
            extracted.put(path, new Extracted(FileType.DIRECTORY, 0));
            return;
        }
        makeDirectories(target.getParent());
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
            links.put(path, new SymbolicLink(target, link, mtime));
            extracted.put(path, new Extracted(FileType.SYMLINK, 0));
        } else if (entry.isLink()) {
            Files.createLink(target, policy.hardLinkSource(path, entry.getLinkName()));
            extracted.put(path, new Extracted(FileType.HARDLINK, 0));
        } else {
            throw EntryPolicy.unsupported(path);
        }
    }

    /** Refuses, before writing it, an entry the manifest does not list or a file larger than it says. */
    private void checkExpected(String path, TarArchiveEntry entry, boolean regularFile) {
        if (expected == null) {
            return;
        }
        FileEntry listed = expected.get(path);
        if (listed == null) {
            throw new RestoreFailure("checksum-mismatch", path + " is in the archive but not in its manifest");
        }
        if (regularFile && entry.getSize() > listed.size()) {
            throw new RestoreFailure("checksum-mismatch", path + " has " + entry.getSize()
                    + " bytes in its tar header, more than the " + listed.size() + " the manifest says");
        }
    }

    /** Creates {@code dir} and its parents unless known, and knows them from then on. */
    private void makeDirectories(Path dir) throws IOException {
        if (knownDirectories.contains(dir)) {
            return;
        }
        Files.createDirectories(dir);
        Path known = dir;
        while (known != null && knownDirectories.add(known)) {
            known = known.getParent();
        }
    }

    /** Forgets the directory at {@code path} that an entry replaced, and everything that was below it. */
    private void forgetBelow(String path, Path target) {
        String below = path + "/";
        knownDirectories.removeIf(known -> known.startsWith(target));
        directories.keySet().removeIf(dir -> dir.equals(path) || dir.startsWith(below));
        links.keySet().removeIf(link -> link.startsWith(below));
    }

    /**
     * Ends the extraction: checks every symbolic link against the others and creates them, then applies directory
     * modes and mtimes, deepest first, so creating their contents did not change them. A link that leads outside
     * the root refuses the whole extraction before any link is created.
     */
    public void finish() throws IOException {
        finished = true;
        for (Map.Entry<String, SymbolicLink> link : links.entrySet()) {
            policy.checkLinkChain(link.getKey(), link.getValue().link(),
                    path -> links.containsKey(path) ? links.get(path).link() : null);
        }
        for (SymbolicLink link : links.values()) {
            Files.createSymbolicLink(link.path(), Path.of(link.link()));
            LocalFiles.setTime(link.path(), link.mtime());
        }
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
