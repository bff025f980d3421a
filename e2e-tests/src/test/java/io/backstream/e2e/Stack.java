package io.backstream.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstream.testkit.KafkaBroker;
import io.backstream.testkit.Postgres;
import io.backstream.testkit.S3Server;
import io.backstream.testkit.ServiceConfigs;
import io.backstream.testkit.ServiceProcess;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * All five services started from their runnable jars as separate processes, on free ports,
 * against the test kit's Kafka, S3 server and PostgreSQL (the catalog's database), configured by
 * {@link ServiceConfigs} exactly as the dev stack configures them. No service shares a JVM with
 * another, as in production.
 */
final class Stack implements AutoCloseable {

    static final String TARGET = "app-data";
    private static final Duration READY = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final KafkaBroker kafka;
    final S3Server s3;
    final String bucket;
    final Path restoreRoot;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();

    Stack(Path work, Path sourceTree) throws Exception {
        this.kafka = KafkaBroker.shared();
        this.s3 = S3Server.shared();
        this.bucket = s3.createUniqueBucket("e2e");
        this.restoreRoot = Files.createDirectories(work.resolve("restores"));
        Postgres postgres = Postgres.shared();

        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String name : ServiceConfigs.SERVICES) {
            ports.put(name, freePort());
        }
        Map<String, Map<String, Object>> configs = ServiceConfigs.forStack(new ServiceConfigs.Settings(
                ServiceConfigs.S3.of(s3, bucket),
                ServiceConfigs.postgres(postgres, postgres.createUniqueDatabase("catalog")),
                Map.of(TARGET, sourceTree), 5 * 1024 * 1024, work.resolve("state"), restoreRoot,
                ports.get("catalog-svc"), null));
        for (String name : ServiceConfigs.SERVICES) {
            Path config = ServiceConfigs.write(work.resolve("config"), name, configs.get(name));
            services.put(name, ServiceConfigs.start(name, ports.get(name), Path.of(".."), config,
                    kafka.bootstrapServers(), work.resolve("logs")));
        }
        for (ServiceProcess service : services.values()) {
            service.awaitReady(READY);
        }
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
