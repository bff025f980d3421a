package io.backstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The checkout these tests read: the compose file, the deploy/ directory and the services' sources. */
final class Repo {

    /** Each Backstream service module and the HTTP port it listens on by default. */
    static final Map<String, Integer> SERVICES = Map.of(
            "scheduler-svc", 8081,
            "snapshot-worker", 8082,
            "uploader-svc", 8083,
            "catalog-svc", 8084,
            "restore-svc", 8085);

    private Repo() {
    }

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("docker-compose.yml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no docker-compose.yml above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static JsonNode yaml(Path file) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode yaml(String text) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The keys a service understands: its application.yml and its sources plus service-support's, and storage's
     * for the storage keys its configuration binds to the storage module's builder.
     */
    static ConfigKeys keysOf(String module) {
        Path root = root();
        return ConfigKeys.of(List.of(root.resolve(module).resolve("src/main/resources/application.yml")),
                List.of(root.resolve(module).resolve("src/main/java"),
                        root.resolve("service-support/src/main/java"), root.resolve("storage/src/main/java")));
    }
}
