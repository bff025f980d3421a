package io.backstream.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.backstream.testkit.KafkaBroker;
import io.backstream.testkit.Postgres;
import io.backstream.testkit.S3Server;
import io.backstream.testkit.ServiceProcess;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * All five services started from their runnable jars as separate processes, on free ports,
 * against the test kit's Kafka, S3 server and PostgreSQL, each with a generated YAML config.
 * This is how the system runs in production; no service shares a JVM with another.
 */
final class Stack implements AutoCloseable {

    static final String TARGET = "app-data";
    private static final Duration READY = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final KafkaBroker kafka;
    final S3Server s3;
    final String bucket;
    final Path restoreRoot;
    private final Path work;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> configs = new LinkedHashMap<>();

    Stack(Path work, Path sourceTree) throws Exception {
        this.work = work;
        this.kafka = KafkaBroker.shared();
        this.s3 = S3Server.shared();
        this.bucket = s3.createUniqueBucket("e2e");
        this.restoreRoot = Files.createDirectories(work.resolve("restores"));
        Postgres postgres = Postgres.shared();
        String catalogDb = postgres.createUniqueDatabase("catalog");

        Map<String, Object> s3Storage = Map.of("type", "s3", "bucket", bucket, "region", s3.region(),
                "endpoint", s3.endpoint().toString(), "path-style", true,
                "access-key", s3.accessKey(), "secret-key", s3.secretKey());
        configs.put("catalog-svc", Map.of(
                "datasources", Map.of("default", Map.of("url", postgres.jdbcUrl(catalogDb),
                        "driver-class-name", "org.postgresql.Driver", "username", postgres.username(),
                        "password", postgres.password(), "dialect", "POSTGRES"))));
        configs.put("scheduler-svc", Map.of("backstream", Map.of("scheduler", Map.of("max-wait", "5m"))));
        configs.put("snapshot-worker", Map.of("backstream", Map.of("worker", Map.of("id", "e2e-worker",
                "targets", Map.of(TARGET, Map.of("kind", "DIRECTORY", "path", sourceTree.toString(),
                        "description", "end-to-end source tree", "chunk-size", 5 * 1024 * 1024))))));
        configs.put("uploader-svc", Map.of("backstream", Map.of(
                "uploader", Map.of("default-storage", "s3", "state-dir", work.resolve("uploader").toString()),
                "storages", Map.of("s3", s3Storage))));
        configs.put("restore-svc", Map.of("backstream", Map.of(
                "restore", Map.of("catalog-url", "http://127.0.0.1:${CATALOG_PORT}",
                        "allowed-roots", List.of(restoreRoot.toString()),
                        "scratch-dir", Files.createDirectories(work.resolve("scratch")).toString()),
                "storages", Map.of("s3", s3Storage))));

        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String name : configs.keySet()) {
            ports.put(name, freePort());
        }
        for (Map.Entry<String, Map<String, Object>> config : configs.entrySet()) {
            start(config.getKey(), ports.get(config.getKey()), ports.get("catalog-svc"));
        }
        for (ServiceProcess service : services.values()) {
            service.awaitReady(READY);
        }
    }

    /** Starts (or starts again, after a kill) one service with its generated config. */
    void start(String name, int port, int catalogPort) throws IOException {
        Path configFile = work.resolve(name + ".yml");
        String yaml = YAML.writeValueAsString(configs.get(name)).replace("${CATALOG_PORT}", Integer.toString(catalogPort));
        Files.writeString(configFile, yaml);
        Path jar = Path.of("..", name, "target", name + ".jar").toAbsolutePath().normalize();
        services.put(name, ServiceProcess.start(name, port, jar, work.resolve("logs"), Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "MICRONAUT_CONFIG_FILES", configFile.toString())));
    }

    ServiceProcess service(String name) {
        return services.get(name);
    }

    /** GET or POST against a service; returns the status code and the parsed JSON body. */
    Response call(String service, String method, String path, String jsonBody) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(services.get(service).url().resolve(path))
                .timeout(Duration.ofMinutes(6))
                .header("Accept", "application/json");
        if (jsonBody == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = response.body().isBlank() ? null : JSON.readTree(response.body());
        return new Response(response.statusCode(), body, response.body());
    }

    URI url(String service) {
        return services.get(service).url();
    }

    @Override
    public void close() throws InterruptedException {
        for (ServiceProcess service : services.values()) {
            service.stop();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    record Response(int status, JsonNode json, String text) {
    }
}
