package io.backstream.devstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's main command, as a new user runs it: the runnable jar with {@code --demo} starts
 * everything on the default ports, backs up the sample target, restores it and reports an
 * identical restore. It needs ports 9092, 9000 and 8081-8085 free.
 */
class DevStackDemoIT {

    private static final ObjectMapper JSON = new ObjectMapper();

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
        String stack = Files.readString(dataDir.resolve("stack.json"));
        String credentials = Files.readString(Path.of(JSON.readTree(stack).at("/s3/credentialsFile").asText()));
        String secret = credentials.lines().filter(line -> line.startsWith("aws_secret_access_key = ")).findFirst()
                .orElseThrow().substring("aws_secret_access_key = ".length());
        assertFalse(stack.contains(secret), "stack.json names the credentials file and holds no secret");
        for (Path file : List.of(dataDir.resolve("stack.json"), Path.of(JSON.readTree(stack).at("/s3/credentialsFile")
                .asText()), Path.of(JSON.readTree(stack).at("/tokenFile").asText()))) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
                    file + " is readable by its owner only");
        }
    }
}
