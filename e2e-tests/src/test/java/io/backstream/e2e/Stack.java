package io.backstream.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstream.testkit.Await;
import io.backstream.testkit.KafkaBroker;
import io.backstream.testkit.Postgres;
import io.backstream.testkit.S3Server;
import io.backstream.testkit.ServiceConfigs;
import io.backstream.testkit.ServiceProcess;
import io.backstream.testkit.TestTokens;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * All five services started from their runnable jars as separate processes, on free ports,
 * against the test kit's Kafka, S3 server and PostgreSQL (the catalog's database), configured by
 * {@link ServiceConfigs} exactly as the dev stack configures them. No service shares a JVM with
 * another, as in production.
 */
final class Stack implements AutoCloseable {

    static final String TARGET = "app-data";
    static final String BIG_TARGET = "big-data";
    private static final Duration READY = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final KafkaBroker kafka;
    final S3Server s3;
    final String bucket;
    final Path restoreRoot;
    final Postgres postgres;
    /** The token every call of this class sends, and the one restore-svc sends to the catalog. */
    final TestTokens.Token admin = TestTokens.generate("e2e-admin", "admin");
    final TestTokens.Token restoreService = TestTokens.generate("restore-svc", "viewer");
    private final Path work;
    private final Path tokensFile;
    private final Path catalogTokenFile;
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> kafkaClients;
    private ServiceConfigs.Settings settings;

    /** Starts every service, with a worker that owns {@code TARGET} and {@code BIG_TARGET}. */
    Stack(Path work, Path sourceTree, Path bigTree) throws Exception {
        this(work, sourceTree, bigTree, KafkaBroker.shared(), Map.of());
    }

    /**
     * The same on {@code kafka}, each service's Kafka clients with the {@code kafka.*} settings
     * {@code kafkaClients} holds for it (SASL credentials, say).
     */
    Stack(Path work, Path sourceTree, Path bigTree, KafkaBroker kafka, Map<String, Map<String, Object>> kafkaClients)
            throws Exception {
        this.work = work;
        this.kafka = kafka;
        this.kafkaClients = kafkaClients;
        this.s3 = S3Server.shared();
        this.bucket = s3.createUniqueBucket("e2e");
        this.restoreRoot = Files.createDirectories(work.resolve("restores"));
        this.postgres = Postgres.shared();
        for (String name : ServiceConfigs.SERVICES) {
            ports.put(name, freePort());
        }
        Path security = work.resolve("security");
        this.tokensFile = TestTokens.write(security.resolve("tokens.yml"), List.of(admin, restoreService));
        this.catalogTokenFile = TestTokens.writePrivate(security.resolve("restore-svc.token"), restoreService.secret());
        settings = new ServiceConfigs.Settings(ServiceConfigs.S3.of(s3, bucket),
                ServiceConfigs.postgres(postgres, postgres.createUniqueDatabase("catalog")),
                Map.of(TARGET, sourceTree, BIG_TARGET, bigTree), 5 * 1024 * 1024, work.resolve("state"), restoreRoot,
                ports.get("catalog-svc"), null, null);
        for (String name : ServiceConfigs.SERVICES) {
            start(name);
        }
        for (ServiceProcess service : services.values()) {
            service.awaitReady(READY);
        }
    }

    ServiceConfigs.Settings settings() {
        return settings;
    }

    /** Stops one service (SIGKILL when {@code crash}) and starts it again with {@code newSettings}. */
    void restart(String name, boolean crash, ServiceConfigs.Settings newSettings) throws Exception {
        ServiceProcess running = services.get(name);
        if (crash) {
            running.killHard();
        } else {
            running.stop();
        }
        settings = newSettings;
        start(name).awaitReady(READY);
    }

    /** Sends SIGKILL to one service, as a crash would. */
    void kill(String name) throws InterruptedException {
        services.get(name).killHard();
    }

    private ServiceProcess start(String name) throws IOException {
        Map<String, Object> secured = ServiceConfigs.secured(ServiceConfigs.forStack(settings), tokensFile,
                catalogTokenFile).get(name);
        Path config = ServiceConfigs.write(work.resolve("config"), name, ServiceConfigs.merge(secured,
                Map.of("kafka", kafkaClients.getOrDefault(name, Map.of()))));
        ServiceProcess process = ServiceConfigs.start(name, ports.get(name), Path.of(".."), config,
                kafka.bootstrapServers(), work.resolve("logs"));
        services.put(name, process);
        return process;
    }

    /** GET or POST against a service; returns the status code and the parsed JSON body. */
    Response call(String service, String method, String path, String jsonBody) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(services.get(service).url().resolve(path))
                .timeout(Duration.ofMinutes(6))
                .header("Accept", "application/json")
                .header("Authorization", admin.bearer());
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

    /**
     * Asks the scheduler for a backup of {@code target} until it accepts: it answers 404 until it has read the
     * worker's announcement from backup.targets.
     */
    Response requestBackup(String target, boolean wait, Duration timeout) {
        return Await.untilPresent(timeout, () -> {
            try {
                Response response = call("scheduler-svc", "POST", "/v1/backups?wait=" + wait + "&timeout=PT4M",
                        "{\"target\":\"" + target + "\"}");
                return response.status() == 404 ? Optional.empty() : Optional.of(response);
            } catch (Exception e) {
                return Optional.empty();
            }
        }, "the scheduler accepts a backup of " + target);
    }

    /** The catalog's answer at {@code path} (a backup or restore) once its status is {@code status}. */
    Response awaitCatalog(String path, String status, Duration timeout) {
        return Await.untilPresent(timeout, () -> {
            try {
                Response response = call("catalog-svc", "GET", path, null);
                return response.status() == 200 && status.equals(response.json().path("status").asText())
                        ? Optional.of(response) : Optional.empty();
            } catch (Exception e) {
                return Optional.empty();
            }
        }, "the catalog shows " + path + " " + status);
    }

    /** A plain-text GET, such as {@code /prometheus}. */
    String text(String service, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(services.get(service).url().resolve(path))
                        .header("Authorization", admin.bearer()).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
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
