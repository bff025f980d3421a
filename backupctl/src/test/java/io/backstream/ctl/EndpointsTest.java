package io.backstream.ctl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EndpointsTest {

    private static final Endpoints.Flags NO_FLAGS = new Endpoints.Flags(null, null, null);

    @Test
    void defaultsWithoutFlagsEnvironmentOrStackFile(@TempDir Path dir) {
        Endpoints endpoints = Endpoints.resolve(NO_FLAGS, Map.of(), dir);
        assertEquals(URI.create("http://127.0.0.1:8081"), endpoints.scheduler());
        assertEquals(URI.create("http://127.0.0.1:8084"), endpoints.catalog());
        assertEquals(URI.create("http://127.0.0.1:8085"), endpoints.restore());
    }

    @Test
    void stackFileOfAParentDirectoryBeatsDefaults(@TempDir Path dir) throws Exception {
        writeStack(dir);
        Path nested = Files.createDirectories(dir.resolve("a/b"));
        Endpoints endpoints = Endpoints.resolve(NO_FLAGS, Map.of(), nested);
        assertEquals(URI.create("http://127.0.0.1:18081"), endpoints.scheduler());
        assertEquals(URI.create("http://127.0.0.1:18084"), endpoints.catalog());
        assertEquals(URI.create("http://127.0.0.1:18085"), endpoints.restore());
    }

    @Test
    void environmentBeatsStackFileAndFlagsBeatEnvironment(@TempDir Path dir) throws Exception {
        writeStack(dir);
        Map<String, String> env = Map.of("BACKSTREAM_SCHEDULER_URL", "http://env:1",
                "BACKSTREAM_CATALOG_URL", "http://env:2/");
        Endpoints endpoints = Endpoints.resolve(new Endpoints.Flags("http://flag:7", null, null), env, dir);
        assertEquals(URI.create("http://flag:7"), endpoints.scheduler());
        assertEquals(URI.create("http://env:2"), endpoints.catalog());
        assertEquals(URI.create("http://127.0.0.1:18085"), endpoints.restore());
    }

    @Test
    void malformedUrlOrStackFileIsAUsageError(@TempDir Path dir) throws Exception {
        CtlException badUrl = assertThrows(CtlException.class, () ->
                Endpoints.resolve(new Endpoints.Flags(null, "localhost:8084", null), Map.of(), dir));
        assertEquals(ExitCodes.USAGE, badUrl.exitCode());
        assertEquals("--catalog-url: 'localhost:8084' is not an http(s) URL", badUrl.getMessage());

        Files.createDirectories(dir.resolve(".backstream"));
        Files.writeString(dir.resolve(".backstream/stack.json"), "{not json");
        assertEquals(ExitCodes.USAGE, assertThrows(CtlException.class,
                () -> Endpoints.resolve(NO_FLAGS, Map.of(), dir)).exitCode());
    }

    private static void writeStack(Path dir) throws Exception {
        Files.createDirectories(dir.resolve(".backstream"));
        Files.writeString(dir.resolve(".backstream/stack.json"), """
                {"kafka":{"bootstrapServers":"127.0.0.1:19092"},
                 "s3":{"endpoint":"http://127.0.0.1:9000","bucket":"backstream"},
                 "services":{"scheduler-svc":"http://127.0.0.1:18081","catalog-svc":"http://127.0.0.1:18084",
                             "restore-svc":"http://127.0.0.1:18085","uploader-svc":"http://127.0.0.1:18083"}}""");
    }
}
