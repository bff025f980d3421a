package io.backstream.support;

import io.backstream.testkit.Await;
import io.backstream.testkit.BackstreamInfrastructure;
import io.backstream.testkit.KafkaBroker;
import io.backstream.testkit.TestTokens;
import io.backstream.support.security.Roles;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.HttpClientConfiguration;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every Backstream service promises at start-up: its default port, health, readiness once
 * its topics exist, Prometheus metrics for a viewer token, 401 with a Bearer challenge for every API
 * and metrics request without one (health stays open), an OpenAPI document, DOWN without a broker, and a
 * start-up failure naming the property when configuration is bad. Each service runs it with
 * its own application.yml by extending this class.
 */
@ExtendWith(BackstreamInfrastructure.class)
public abstract class ServiceStartupContract {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final TestTokens.Token VIEWER = TestTokens.generate("startup-contract", Roles.VIEWER);
    private static final Path TOKENS_FILE = tokensFile();

    private final String serviceName;
    private final int defaultPort;
    private final List<String> expectedTopics;

    /**
     * @param serviceName    the service's name, as in {@code micronaut.application.name}
     * @param defaultPort    the default HTTP port from DESIGN.md
     * @param expectedTopics topics the service must have created, DLQs included
     */
    protected ServiceStartupContract(String serviceName, int defaultPort, List<String> expectedTopics) {
        this.serviceName = serviceName;
        this.defaultPort = defaultPort;
        this.expectedTopics = expectedTopics;
    }

    @Test
    void listensOnTheDocumentedDefaultPort() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("backstream.topics.enabled", false))) {
            assertEquals(defaultPort, context.getRequiredProperty("micronaut.server.port", Integer.class));
            assertEquals(serviceName, context.getRequiredProperty("micronaut.application.name", String.class));
            assertEquals("127.0.0.1:9092", context.getRequiredProperty("kafka.bootstrap.servers", String.class));
        }
    }

    @Test
    void withABrokerItIsHealthyReadyAndHasCreatedItsTopics(KafkaBroker broker) throws Exception {
        try (EmbeddedServer server = startOn(broker.bootstrapServers());
             HttpClient http = client(server)) {
            BlockingHttpClient client = http.toBlocking();
            Await.until(READY_TIMEOUT, () -> status(client, "/health/readiness") == 200, serviceName + " readiness UP");

            HttpResponse<String> health = client.exchange(HttpRequest.GET("/health"), String.class);
            assertEquals(200, health.code());
            assertTrue(health.body().contains("\"status\":\"UP\""), health.body());

            String metrics = client.retrieve(HttpRequest.GET("/prometheus").bearerAuth(VIEWER.secret()));
            assertTrue(metrics.contains("jvm_memory_used_bytes"), "Prometheus output lacks JVM metrics");

            String openApi = client.retrieve("/openapi/" + serviceName + "-v1.yml");
            assertTrue(openApi.startsWith("openapi: 3"), openApi);
            assertTrue(openApi.contains("title: " + serviceName), openApi);

            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                Set<String> topics = admin.listTopics().names().get();
                assertTrue(topics.containsAll(expectedTopics), "missing topics: " + expectedTopics + " vs " + topics);
            }
        }
    }

    @Test
    void healthIsOpenAndMetricsAndApisNeedAToken(KafkaBroker broker) throws Exception {
        try (EmbeddedServer server = startOn(broker.bootstrapServers());
             HttpClient http = client(server)) {
            BlockingHttpClient client = http.toBlocking();
            Await.until(READY_TIMEOUT, () -> status(client, "/health/readiness") == 200, serviceName + " readiness UP");
            for (String path : List.of("/prometheus", "/v1/anything")) {
                HttpClientResponseException refused = assertThrows(HttpClientResponseException.class,
                        () -> client.exchange(HttpRequest.GET(path), String.class));
                assertEquals(401, refused.code(), path);
                assertEquals("Bearer realm=\"backstream\"", refused.getResponse().getHeaders().get("WWW-Authenticate"), path);
                assertTrue(refused.getResponse().getBody(String.class).orElse("")
                        .contains("https://backstream.io/problems/unauthorized"), path);
            }
            HttpClientResponseException wrong = assertThrows(HttpClientResponseException.class,
                    () -> client.exchange(HttpRequest.GET("/prometheus").bearerAuth("bst_not-a-token"), String.class));
            assertEquals(401, wrong.code());
        }
    }

    @Test
    void withoutABrokerHealthIsDown() throws IOException {
        try (EmbeddedServer server = startOn("127.0.0.1:" + closedPort());
             HttpClient http = client(server)) {
            BlockingHttpClient client = http.toBlocking();
            HttpClientResponseException down = assertThrows(HttpClientResponseException.class,
                    () -> client.exchange(HttpRequest.GET("/health"), String.class));
            assertEquals(503, down.code());
            assertTrue(down.getResponse().getBody(String.class).orElse("").contains("\"status\":\"DOWN\""));
            assertEquals(503, status(client, "/health/readiness"));
        }
    }

    @Test
    void badConfigurationFailsStartupNamingTheProperty() {
        Exception badServers = assertThrows(Exception.class,
                () -> ApplicationContext.run(EmbeddedServer.class, Map.of(
                        "micronaut.server.port", -1,
                        "kafka.bootstrap.servers", "no port here")).close());
        assertTrue(messages(badServers).contains("kafka.bootstrap.servers"), messages(badServers));

        Exception badReplication = assertThrows(Exception.class,
                () -> ApplicationContext.run(EmbeddedServer.class, Map.of(
                        "micronaut.server.port", -1,
                        "backstream.topics.replication-factor", 0)).close());
        assertTrue(messages(badReplication).contains("replicationFactor"), messages(badReplication));

        Exception unknownTopic = assertThrows(Exception.class,
                () -> ApplicationContext.run(EmbeddedServer.class, Map.of(
                        "micronaut.server.port", -1,
                        "backstream.topics.owned", List.of("backup.requestz"))).close());
        assertTrue(messages(unknownTopic).contains("backup.requestz"), messages(unknownTopic));
    }

    private static EmbeddedServer startOn(String bootstrapServers) {
        return ApplicationContext.run(EmbeddedServer.class, Map.of(
                "micronaut.server.port", -1,
                "kafka.bootstrap.servers", bootstrapServers,
                "backstream.topics.retry-interval", "1s",
                "backstream.security.tokens-file", TOKENS_FILE.toString()));
    }

    private static Path tokensFile() {
        try {
            Path dir = Files.createTempDirectory("startup-contract");
            dir.toFile().deleteOnExit();
            return TestTokens.write(dir.resolve("tokens.yml"), List.of(VIEWER));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpClient client(EmbeddedServer server) {
        HttpClientConfiguration configuration = new DefaultHttpClientConfiguration();
        configuration.setReadTimeout(Duration.ofSeconds(30));
        return HttpClient.create(server.getURL(), configuration);
    }

    private static int status(BlockingHttpClient client, String path) {
        try {
            return client.exchange(HttpRequest.GET(path), String.class).code();
        } catch (HttpClientResponseException e) {
            return e.code();
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String messages(Throwable error) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
