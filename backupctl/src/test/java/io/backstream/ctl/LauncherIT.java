package io.backstream.ctl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code backupctl} launcher script as users run it, on the jar this build packaged: its class-data
 * archive is created on the first run and used by the next, and a cache it cannot write only means no archive.
 */
class LauncherIT {

    private static final Path LAUNCHER = Path.of("backupctl").toAbsolutePath();

    record Run(int exitCode, String out) {
    }

    @Test
    void firstRunArchivesClassesAndLaterRunsUseTheArchive(@TempDir Path cache) throws Exception {
        Run first = launch(cache, "--version");
        assertEquals(new Run(0, "backupctl 0.1.0"), first);
        List<Path> archives = archives(cache);
        assertEquals(1, archives.size(), "one archive after the first run: " + archives);
        long written = Files.getLastModifiedTime(archives.get(0)).toMillis();

        Run second = launch(cache, "--version");
        assertEquals(first, second);
        assertEquals(archives, archives(cache));
        assertEquals(written, Files.getLastModifiedTime(archives.get(0)).toMillis(), "the archive is reused, not rewritten");

        Run logged = launch(cache, Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info"), "--version");
        assertTrue(logged.out().contains("io.backstream.ctl.Backupctl source: shared objects file (top)"),
                "backupctl's classes come from the archive:\n" + logged.out().lines().filter(l -> l.contains("Backupctl ")).toList());
    }

    @Test
    void exitCodesAndOutputPassThroughWhileTheArchiveIsWritten(@TempDir Path cache) throws Exception {
        Run unknown = launch(cache, "no-such-command");
        assertEquals(2, unknown.exitCode(), unknown.out());
        assertTrue(unknown.out().contains("Unmatched argument"), unknown.out());
    }

    @Test
    void anUnwritableCacheOnlyMeansNoArchive(@TempDir Path dir) throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("file"), "");
        assertEquals(new Run(0, "backupctl 0.1.0"), launch(notADirectory, "--version"));
    }

    @Test
    void aForeignArchiveIsIgnoredSilently(@TempDir Path cache) throws Exception {
        launch(cache, "--version");
        Path archive = archives(cache).get(0);
        Files.write(archive, "not an archive".getBytes(StandardCharsets.US_ASCII));
        assertEquals(new Run(0, "backupctl 0.1.0"), launch(cache, "--version"));
    }

    private static Run launch(Path cacheHome, String... arguments) throws IOException, InterruptedException {
        return launch(cacheHome, Map.of(), arguments);
    }

    private static Run launch(Path cacheHome, Map<String, String> extraEnvironment, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sh", LAUNCHER.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.put("XDG_CACHE_HOME", cacheHome.toString());
        environment.remove("JAVA_TOOL_OPTIONS");
        environment.putAll(extraEnvironment);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "backupctl did not exit");
        return new Run(process.exitValue(), out);
    }

    private static List<Path> archives(Path cacheHome) throws IOException {
        Path dir = cacheHome.resolve("backstream");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
