package io.backstream.restore.domain;

import io.backstream.restore.fixture.TarBuilder;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.function.ThrowingConsumer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import static io.backstream.restore.fixture.TarBuilder.link;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An adversarial corpus of archives, built here: each is extracted into {@code root} beside a {@code sentinel}
 * directory, with and without writer threads, and either is refused with the named reason or extracts to the
 * expected tree. Whatever the outcome, the sentinel and everything else outside the root stay as they were, and no
 * link in the root leads outside it.
 */
class HostileArchiveTest {

    private static final ExecutorService WRITERS = Executors.newFixedThreadPool(2);
    private static final String SECRET = "secret";

    @TempDir
    Path temp;

    /** What extracting a case's archive must do. */
    private interface Outcome {
    }

    private record Refused(String reason) implements Outcome {
    }

    private record Extracts(ThrowingConsumer<Path> check) implements Outcome {
    }

    /** A case: its archive (which may name the sentinel directory's absolute path) and its outcome. */
    private record Case(String name, TarAt tar, Outcome outcome) {
        @Override
        public String toString() {
            return name;
        }
    }

    @AfterAll
    static void stopWriters() {
        WRITERS.shutdownNow();
    }

    static Stream<Arguments> corpus() {
        List<Arguments> all = new ArrayList<>();
        for (Case c : cases()) {
            all.add(Arguments.of(c, true));
            all.add(Arguments.of(c, false));
        }
        return all.stream();
    }

    private static List<Case> cases() {
        String deep = ("d".repeat(200) + "/").repeat(3) + "f";
        return List.of(
                refused("dot-dot segment", t -> t.tar(t.file("../sentinel/x", "x")), "contains '..'"),
                refused("dot-dot in the middle", t -> t.tar(t.file("a/../../sentinel/x", "x")), "contains '..'"),
                refusedAt("absolute path", (t, s) -> t.tar(t.absoluteFile(s.resolve("x").toString(), "x")),
                        "is absolute"),
                refused("symlink then a write through it", t -> t.tar(symlink("d", "."), t.file("d/x", "x")),
                        "d/x would be written through the symbolic link d"),
                refused("symlink to outside then a write through it",
                        t -> t.tar(symlink("out", "../sentinel"), t.file("out/x", "x")),
                        "out is a symbolic link to ../sentinel, which is outside"),
                refused("ancestor turned into a link that leaves through another link",
                        t -> t.tar(directory("a/sentinel"), symlink("s", "."), symlink("a", "s/.."),
                                t.file("a/sentinel/x", "x")),
                        "a/sentinel/x would be written through the symbolic link a"),
                refused("directory with contents turned into a symlink, then a write below it",
                        t -> t.tar(directory("d"), t.file("d/x", "x"), symlink("d", "."), t.file("d/y", "y")),
                        "d/y would be written through the symbolic link d"),
                refused("symlink to an ancestor then a file under it",
                        t -> t.tar(directory("a/b"), symlink("a/b/up", ".."), t.file("a/b/up/x", "x")),
                        "a/b/up/x would be written through the symbolic link a/b/up"),
                refused("file whose parent is a symlink created earlier",
                        t -> t.tar(directory("q"), symlink("p", "q"), t.file("p/f", "x")),
                        "p/f would be written through the symbolic link p"),
                refused("link chain leaving the root", t -> t.tar(symlink("s", "."), symlink("t", "s/..")),
                        "t is a symbolic link to s/.., which leads outside"),
                refused("link chain through a nested link",
                        t -> t.tar(symlink("x/up", ".."), symlink("t", "x/up/x/up/../sentinel")),
                        "t is a symbolic link to x/up/x/up/../sentinel, which leads outside"),
                refused("link chain whose link arrives later",
                        t -> t.tar(symlink("t", "s/../sentinel"), symlink("s", ".")),
                        "t is a symbolic link to s/../sentinel, which leads outside"),
                refused("symlink loop", t -> t.tar(symlink("l1", "l2"), symlink("l2", "l1")), "loop of links"),
                refused("absolute symlink target", t -> t.tar(symlink("l", "/etc")), "l is a symbolic link to /etc"),
                refused("hard link to outside", t -> t.tar(hardLink("h", "../sentinel/secret")),
                        "h is a hard link to ../sentinel/secret"),
                refusedAt("hard link to an absolute path",
                        (t, s) -> t.tar(hardLink("h", s.resolve("secret").toString())), "h is a hard link to /"),
                refused("hard link to a symlink", t -> t.tar(t.file("f", "f"), symlink("s", "f"), hardLink("h", "s")),
                        "h is a hard link to s"),
                refused("hard link to a file replaced by a symlink",
                        t -> t.tar(t.file("f", "f"), symlink("f", "g"), hardLink("h", "f")), "h is a hard link to f"),
                refused("hard link through a link chain to outside",
                        t -> t.tar(symlink("s", "."), symlink("t", "s/.."), hardLink("h", "t/sentinel/secret")),
                        "h is a hard link to t/sentinel/secret"),
                refused("hard link to a directory", t -> t.tar(directory("d"), hardLink("h", "d")),
                        "h is a hard link to d"),
                refused("character device", t -> t.tar(link("c", TarConstants.LF_CHR, null)), "c is a device or FIFO"),
                refused("block device", t -> t.tar(link("b", TarConstants.LF_BLK, null)), "b is a device or FIFO"),
                refused("FIFO", t -> t.tar(link("p", TarConstants.LF_FIFO, null)), "p is a device or FIFO"),
                refused("path longer than PATH_MAX", t -> t.tar(t.file("d/".repeat(2100) + "f", "x")),
                        "longer than the file system holds"),
                refused("name longer than NAME_MAX", t -> t.tar(t.file("n".repeat(300), "x")),
                        "longer than the file system holds"),
                extracts("long path in a PAX header", t -> t.tar(t.file(deep, "deep")),
                        root -> assertEquals("deep", Files.readString(root.resolve(deep)))),
                extracts("duplicate entries keep the last", t -> t.tar(t.file("f", "one"), t.file("f", "two")),
                        root -> assertEquals("two", Files.readString(root.resolve("f")))),
                extracts("a symlink replaced by a file and a file by a symlink",
                        t -> t.tar(t.file("f", "target"), symlink("l", "f"), t.file("l", "plain"), t.file("m", "m"),
                                symlink("m", "f")),
                        root -> {
                            assertEquals("plain", Files.readString(root.resolve("l")));
                            assertFalse(Files.isSymbolicLink(root.resolve("l")));
                            assertEquals(Path.of("f"), Files.readSymbolicLink(root.resolve("m")));
                        }),
                extracts("a directory replaced by a file",
                        t -> t.tar(directory("d"), t.file("d/x", "x"), symlink("d/l", "x"), t.file("d", "a file")),
                        root -> {
                            assertEquals("a file", Files.readString(root.resolve("d")));
                            assertEquals("rw-r--r--", PosixFilePermissions.toString(
                                    Files.getPosixFilePermissions(root.resolve("d"))), "the file's mode, not the directory's");
                        }),
                extracts("the parent of a directory replaced by a file",
                        t -> t.tar(directory("a/b"), t.file("a", "a file")),
                        root -> assertEquals("a file", Files.readString(root.resolve("a")))),
                extracts("a symlink replaced by a directory",
                        t -> t.tar(directory("e"), symlink("d", "e"), directory("d"), t.file("d/x", "x")),
                        root -> {
                            assertTrue(Files.isDirectory(root.resolve("d"), LinkOption.NOFOLLOW_LINKS));
                            assertEquals("x", Files.readString(root.resolve("d/x")));
                            assertFalse(Files.exists(root.resolve("e/x")));
                        }),
                extracts("links that stay inside",
                        t -> t.tar(t.file("d/f", "data"), symlink("here", "."), symlink("rel", "here/d/f"),
                                symlink("d/up", ".."), hardLink("h", "d/f"), symlink("dangling", "missing")),
                        root -> {
                            assertEquals("data", Files.readString(root.resolve("rel")));
                            assertEquals("data", Files.readString(root.resolve("h")));
                            assertEquals("data", Files.readString(root.resolve("d/up/d/f")));
                            assertFalse(Files.exists(root.resolve("dangling")));
                        }));
    }

    @ParameterizedTest(name = "{0}, writer threads: {1}")
    @MethodSource("corpus")
    void eachHostileArchiveIsRefusedOrExtractedAndNothingOutsideChanges(Case c, boolean threads) throws Throwable {
        Path root = Files.createDirectory(temp.resolve("root"));
        Path sentinel = Files.createDirectory(temp.resolve("sentinel"));
        Files.writeString(sentinel.resolve("secret"), SECRET);
        byte[] tar = c.tar().build(new TarBuilder(), sentinel);
        SafeExtractor extractor = new SafeExtractor(root, threads ? WRITERS : null);

        if (c.outcome() instanceof Refused refused) {
            RestoreFailure failure = assertThrows(RestoreFailure.class, () -> extract(extractor, tar));
            assertEquals("unsafe-entry", failure.code(), failure.reason());
            assertTrue(failure.reason().contains(refused.reason()), failure.reason());
        } else {
            extract(extractor, tar);
            ((Extracts) c.outcome()).check().accept(root);
        }

        try (Stream<Path> beside = Files.list(temp); Stream<Path> inSentinel = Files.list(sentinel)) {
            assertEquals(List.of("root", "sentinel"), beside.map(p -> p.getFileName().toString()).sorted().toList());
            assertEquals(List.of(sentinel.resolve("secret")), inSentinel.toList());
        }
        assertEquals(SECRET, Files.readString(sentinel.resolve("secret")));
        assertEquals(1, Files.getAttribute(sentinel.resolve("secret"), "unix:nlink"), "no hard link to the secret");
        assertEveryLinkStaysInside(root);
    }

    private static void extract(SafeExtractor extractor, byte[] tar) throws IOException {
        extractor.extract(new ByteArrayInputStream(tar), p -> true, -1);
        extractor.finish();
    }

    private static void assertEveryLinkStaysInside(Path root) throws IOException {
        Path real = root.toRealPath();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path link : all.filter(Files::isSymbolicLink).toList()) {
                if (Files.exists(link)) {
                    assertTrue(link.toRealPath().startsWith(real), link + " leads to " + link.toRealPath());
                }
            }
        }
    }

    private static Case refused(String name, TarOf tar, String reason) {
        return new Case(name, (tars, sentinel) -> tar.build(tars), new Refused(reason));
    }

    private static Case refusedAt(String name, TarAt tar, String reason) {
        return new Case(name, tar, new Refused(reason));
    }

    private static Case extracts(String name, TarOf tar, ThrowingConsumer<Path> check) {
        return new Case(name, (tars, sentinel) -> tar.build(tars), new Extracts(check));
    }

    private static TarArchiveEntry symlink(String name, String target) {
        return link(name, TarConstants.LF_SYMLINK, target);
    }

    private static TarArchiveEntry hardLink(String name, String target) {
        return link(name, TarConstants.LF_LINK, target);
    }

    private static TarArchiveEntry directory(String name) {
        TarArchiveEntry entry = new TarArchiveEntry(name + "/");
        entry.setMode(040755);
        return entry;
    }

    /** An archive built with a fresh builder. */
    private interface TarOf {
        byte[] build(TarBuilder tars) throws IOException;
    }

    /** An archive that may name the sentinel's absolute path. */
    private interface TarAt {
        byte[] build(TarBuilder tars, Path sentinel) throws IOException;
    }
}
