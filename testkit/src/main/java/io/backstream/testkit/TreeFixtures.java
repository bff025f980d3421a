package io.backstream.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Generated source trees, GNU tar extraction and a tree comparison that covers metadata. */
public final class TreeFixtures {

    /** A path component over 100 characters once nested. */
    public static final String LONG_NAME = "a-very-long-directory-name-that-goes-on-and-on-".repeat(3);

    private TreeFixtures() {
    }

    /**
     * Nested directories, zero-byte files, a random file of {@code bigFileBytes}, unicode names, a
     * path over 100 characters, symlinks (one dangling), empty directories and varied modes and mtimes.
     */
    public static Path generate(Path root, long bigFileBytes) throws IOException {
        Files.createDirectories(root);
        Path nested = Files.createDirectories(root.resolve("etc/conf.d/deeper"));
        Files.writeString(nested.resolve("app.conf"), "listen = 8080\n".repeat(200));
        Files.writeString(root.resolve("etc/README"), "configuration\n");
        Files.createFile(root.resolve("empty.txt"));
        Files.createFile(nested.resolve("zero"));
        Files.writeString(root.resolve("ünïcødé-文件.txt"), "unicode name\n");
        Path longDir = Files.createDirectories(root.resolve(LONG_NAME).resolve("inner-" + LONG_NAME));
        Files.writeString(longDir.resolve("file-with-a-long-path.txt"), "long path\n");
        Files.createDirectories(root.resolve("empty-dir"));
        Files.createDirectories(root.resolve("data/empty-nested"));
        writeRandom(root.resolve("data/random.bin"), bigFileBytes, 42);
        Files.createSymbolicLink(root.resolve("link-to-conf"), Path.of("etc/conf.d/deeper/app.conf"));
        Files.createSymbolicLink(root.resolve("dangling-link"), Path.of("does/not/exist"));
        Files.createSymbolicLink(root.resolve("data/abs-link"), Path.of("/etc/hostname"));
        Files.writeString(root.resolve("secret.key"), "not really secret\n");
        Files.setPosixFilePermissions(root.resolve("secret.key"), PosixFilePermissions.fromString("rw-------"));
        Files.writeString(root.resolve("run.sh"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(root.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.setPosixFilePermissions(root.resolve("empty-dir"), PosixFilePermissions.fromString("rwx------"));
        Instant base = Instant.parse("2024-03-01T12:00:00Z");
        List<Path> all;
        try (Stream<Path> walk = Files.walk(root)) {
            all = walk.filter(p -> !p.equals(root)).sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList();
        }
        int i = 0;
        for (Path path : all) {
            if (!Files.isSymbolicLink(path)) {
                Files.setLastModifiedTime(path, FileTime.from(base.plusSeconds(3600L * i++)));
            }
        }
        return root;
    }

    /** Writes {@code bytes} of seeded random data. */
    public static void writeRandom(Path file, long bytes, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] buffer = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = bytes; left > 0; left -= buffer.length) {
                random.nextBytes(buffer);
                out.write(buffer, 0, (int) Math.min(buffer.length, left));
            }
        }
    }

    /** Extracts {@code archive} with GNU tar ({@code --zstd} or {@code -z}) into a new {@code into}. */
    public static void extract(Path archive, boolean zstd, Path into) throws IOException, InterruptedException {
        requireTool(zstd ? "zstd" : "gzip");
        Files.createDirectories(into);
        run(List.of("tar", zstd ? "--zstd" : "-z", "-x", "-f", archive.toString(), "-C", into.toString()));
    }

    /** Runs a program and fails the test with its output when it exits non-zero. */
    public static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            fail(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }

    /** Fails with an installation hint when a program the test needs is missing. */
    public static void requireTool(String tool) throws IOException, InterruptedException {
        Process which = new ProcessBuilder("sh", "-c", "command -v " + tool).start();
        if (which.waitFor() != 0) {
            fail(tool + " is not installed: apt-get install -y " + tool + " (GNU tar and " + tool + " are needed)");
        }
    }

    /** Asserts both trees hold the same paths, types, contents, permission bits, mtimes (seconds) and link targets. */
    public static void assertSameTree(Path expected, Path actual) throws IOException {
        assertEquals(describe(expected), describe(actual));
    }

    /**
     * The relative paths whose type, content, permission bits, mtime (seconds) or link target differ
     * between the two trees, or that exist in only one of them; {@code ignored} paths are left out.
     */
    public static List<String> differences(Path expected, Path actual, Set<String> ignored) throws IOException {
        Map<String, String> want = describe(expected);
        Map<String, String> got = describe(actual);
        Set<String> paths = new TreeSet<>(want.keySet());
        paths.addAll(got.keySet());
        paths.removeAll(ignored);
        return paths.stream().filter(path -> !Objects.equals(want.get(path), got.get(path))).toList();
    }

    private static Map<String, String> describe(Path root) throws IOException {
        Map<String, String> tree = new TreeMap<>();
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = new ArrayList<>(walk.filter(p -> !p.equals(root)).toList());
        }
        for (Path path : paths) {
            String relative = root.relativize(path).toString();
            if (Files.isSymbolicLink(path)) {
                tree.put(relative, "link -> " + Files.readSymbolicLink(path));
                continue;
            }
            String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
            long mtime = Files.getLastModifiedTime(path).to(TimeUnit.SECONDS);
            if (Files.isDirectory(path)) {
                tree.put(relative, "dir " + perms + " " + mtime);
            } else {
                tree.put(relative, "file " + perms + " " + mtime + " " + Files.size(path) + " " + sha256(path));
            }
        }
        assertTrue(tree.size() > 0);
        return tree;
    }

    /** Lower-case hex SHA-256 of a file. */
    public static String sha256(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int read;
            while ((read = in.read(buffer)) > 0) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
