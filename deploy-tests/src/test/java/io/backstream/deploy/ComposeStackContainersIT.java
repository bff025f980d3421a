package io.backstream.deploy;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.rnorth.ducttape.unreliables.Unreliables;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The end-to-end flow on docker-compose.yml with the official images ({@code -Pcontainers}): an ad-hoc backup of
 * the compose worker's sample target must end COMPLETED in the catalog. Skips, never fails, without a Docker engine.
 */
class ComposeStackContainersIT {

    private static final Duration STARTUP = Duration.ofMinutes(10);

    @Test
    void anAdHocBackupOfTheSampleTargetCompletesThroughTheWholeStack() throws Exception {
        String missing = missingDocker();
        if (missing != null) {
            // surefire reports a skip without its reason; this is the one line that says why
            System.out.println("ComposeStackContainersIT skipped: " + missing);
        }
        Assumptions.assumeTrue(missing == null, missing);
        try (ComposeContainer stack = new ComposeContainer(Repo.root().resolve("docker-compose.yml").toFile())
                .withBuild(true)
                .withExposedService("scheduler-svc", 8081, Wait.forHttp("/health/readiness").withStartupTimeout(STARTUP))
                .withExposedService("catalog-svc", 8084, Wait.forHttp("/health/readiness").withStartupTimeout(STARTUP))
                .withExposedService("snapshot-worker", 8082, Wait.forHttp("/health/readiness").withStartupTimeout(STARTUP))
                .withExposedService("uploader-svc", 8083, Wait.forHttp("/health/readiness").withStartupTimeout(STARTUP))) {
            stack.start();
            String scheduler = "http://" + stack.getServiceHost("scheduler-svc", 8081) + ":"
                    + stack.getServicePort("scheduler-svc", 8081);
            String catalog = "http://" + stack.getServiceHost("catalog-svc", 8084) + ":"
                    + stack.getServicePort("catalog-svc", 8084);
            String authorization = "Bearer " + stack.getContainerByServiceName("scheduler-svc").orElseThrow()
                    .execInContainer("cat", "/etc/backstream/security/admin.token").getStdout().strip();
            HttpClient http = HttpClient.newHttpClient();
            // wait=true answers once the backup is terminal: snapshot, upload to MinIO and catalog projection
            HttpResponse<String> done = http.send(HttpRequest.newBuilder(
                            URI.create(scheduler + "/v1/backups?wait=true&timeout=PT5M"))
                    .header("Content-Type", "application/json").header("Authorization", authorization)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"target\":\"sample\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, done.statusCode(), done.body());
            assertTrue(done.body().contains("COMPLETED"), done.body());
            Unreliables.retryUntilTrue(60, TimeUnit.SECONDS, () -> http.send(HttpRequest.newBuilder(
                            URI.create(catalog + "/v1/backups?target=sample&status=COMPLETED"))
                            .header("Authorization", authorization).build(),
                    HttpResponse.BodyHandlers.ofString()).body().contains("\"targetId\":\"sample\""));
            assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(catalog + "/status")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
        }
    }

    /** Why no Docker engine can be used, or null. Looks for one before Testcontainers logs its own search. */
    private static String missingDocker() {
        if (System.getenv("DOCKER_HOST") == null && !Files.exists(Path.of("/var/run/docker.sock"))) {
            return "no Docker engine (DOCKER_HOST unset, no /var/run/docker.sock); -Pcontainers needs one";
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable() ? null : "the Docker engine does not answer";
        } catch (RuntimeException e) {
            return "the Docker engine does not answer: " + e.getMessage();
        }
    }
}
