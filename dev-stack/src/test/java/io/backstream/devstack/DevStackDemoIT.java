package io.backstream.devstack;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's main command, as a new user runs it: the runnable jar with {@code --demo} starts
 * everything on the default ports, backs up the sample target, restores it and reports an
 * identical restore. It needs ports 9092, 9000 and 8081-8085 free.
 */
class DevStackDemoIT {

    @Test
    void theDemoRoundTripRestoresAnIdenticalTree() throws Exception {
        Path dataDir = Path.of("target", "demo-it-" + System.currentTimeMillis()).toAbsolutePath();
        Path output = Files.createDirectories(dataDir).resolve("demo.out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process demo = new ProcessBuilder(List.of(java, "-jar", Path.of("target", "dev-stack.jar").toString(),
                "--demo", "--data-dir", dataDir.toString(), "--services-dir", ".."))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean finished = demo.waitFor(15, TimeUnit.MINUTES);
        if (!finished) {
            demo.destroy();
            demo.waitFor(1, TimeUnit.MINUTES);
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        assertTrue(finished, "the demo did not finish:\n" + printed);
        assertEquals(0, demo.exitValue(), printed);
        assertTrue(printed.contains("| identical           | yes"), printed);
        assertTrue(printed.contains("Demo passed: the restore is identical to the source."), printed);
        assertTrue(Files.isRegularFile(dataDir.resolve("stack.json")), "stack.json lists the endpoints");
    }
}
