package io.backstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docker-compose.yml cannot run here (no Docker engine); these checks catch what would break it. */
class ComposeFileTest {

    private final JsonNode compose = Repo.yaml(Repo.root().resolve("docker-compose.yml"));

    @Test
    void everyServiceVariableNamesARealConfigurationKey() {
        assertEquals(List.of(), ComposeChecks.unknownVariables(compose, Repo::keysOf));
    }

    @Test
    void publishedPortsAreTheDefaults() {
        Map<String, Integer> expected = new HashMap<>(Repo.SERVICES);
        expected.put("kafka", 9092);
        expected.put("minio", 9000);
        assertEquals(List.of(), ComposeChecks.portMismatches(compose, expected));
    }

    @Test
    void theServicesListenOnThePortsTheirApplicationYmlDeclares() {
        Repo.SERVICES.forEach((service, port) -> assertEquals(port, Repo.yaml(Repo.root().resolve(service)
                        .resolve("src/main/resources/application.yml")).path("micronaut").path("server").path("port")
                .asInt(), service + " application.yml port"));
    }

    @Test
    void eachServiceIsBuiltFromItsModuleAndHealthCheckedOnReadiness() {
        List<String> problems = new ArrayList<>();
        Repo.SERVICES.forEach((service, port) -> {
            JsonNode definition = compose.path("services").path(service);
            if (!service.equals(definition.path("build").path("args").path("SERVICE").asText())) {
                problems.add(service + ": build arg SERVICE is not the module name");
            }
            String check = definition.path("healthcheck").path("test").toString();
            if (!check.contains("http://localhost:" + port + "/health/readiness")) {
                problems.add(service + ": health check " + check + " does not ask /health/readiness on " + port);
            }
            if (!definition.path("depends_on").has("kafka")) {
                problems.add(service + ": does not wait for kafka");
            }
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void prometheusScrapesEveryServiceByItsComposeNameAndPort() {
        JsonNode prometheus = Repo.yaml(Repo.root().resolve("deploy/prometheus/prometheus.yml"));
        Map<String, String> targets = new HashMap<>();
        prometheus.path("scrape_configs").forEach(job -> {
            assertEquals("/prometheus", job.path("metrics_path").asText(), job.path("job_name").asText());
            targets.put(job.path("job_name").asText(), job.path("static_configs").get(0).path("targets").get(0).asText());
        });
        Repo.SERVICES.forEach((service, port) -> {
            assertEquals(service + ":" + port, targets.get(service), "scrape target of " + service);
            assertTrue(compose.path("services").has(service));
        });
    }
}
