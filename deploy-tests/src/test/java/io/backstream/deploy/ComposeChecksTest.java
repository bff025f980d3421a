package io.backstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checks themselves: a misspelled variable or a moved port must be reported, correct ones must not. */
class ComposeChecksTest {

    private static final String BROKEN = """
            services:
              scheduler-svc:
                ports: ["8081:8081"]
                environment:
                  KAFKA_BOOTSTRAP_SERVERS: kafka:29092
                  KAFKA_BOOTSTRAP_SERVER: kafka:29092
              snapshot-worker:
                ports: ["8082:8082"]
                environment:
                  - BACKSTREAM_WORKER_TARGETS_SAMPLE_PATH=/data
                  - BACKSTREAM_WORKER_TARGETS_SAMPLE_PAHT=/data
              uploader-svc:
                ports: ["18083:8083"]
                environment:
                  BACKSTREAM_STORAGES_S3_ENDPOINT: http://minio:9000
                  BACKSTREAM_STORAGES_S3_ENDPOINTT: http://minio:9000
                  BACKSTREAM_UPLOADER_STATEDIR: /state
              catalog-svc:
                ports: ["8084:8084"]
                environment:
                  DATASOURCES_DEFAULT_URL: jdbc:postgresql://postgres/backstream
                  DATASOURCES_DEFAULT_DRIVER_CLASS_NAME: org.postgresql.Driver
              restore-svc:
                ports: ["8085:8085"]
                environment:
                  BACKSTREAM_RESTORE_ALLOWED_ROOTS: /restores
            """;

    @Test
    void misspelledVariablesAreReportedAndCorrectOnesAreNot() {
        List<String> violations = ComposeChecks.unknownVariables(Repo.yaml(BROKEN), Repo::keysOf);
        assertEquals(List.of(
                "scheduler-svc: KAFKA_BOOTSTRAP_SERVER",
                "snapshot-worker: BACKSTREAM_WORKER_TARGETS_SAMPLE_PAHT",
                "uploader-svc: BACKSTREAM_STORAGES_S3_ENDPOINTT",
                "uploader-svc: BACKSTREAM_UPLOADER_STATEDIR"),
                violations.stream().map(v -> v.substring(0, v.indexOf(" names"))).sorted().toList());
    }

    @Test
    void aMovedPortIsReported() {
        List<String> violations = ComposeChecks.portMismatches(Repo.yaml(BROKEN), Repo.SERVICES);
        assertEquals(1, violations.size(), violations.toString());
        assertTrue(violations.get(0).startsWith("uploader-svc: publishes [18083:8083]"), violations.get(0));
    }

    @Test
    void environmentVariablesMapLikeMicronautDoes() {
        assertTrue(ConfigKeys.candidates("BACKSTREAM_STORAGES_S3_PATH_STYLE").contains("backstream.storages.s3.path-style"));
        assertTrue(ConfigKeys.candidates("DATASOURCES_DEFAULT_DRIVER_CLASS_NAME")
                .contains("datasources.default.driver-class-name"));
        ConfigKeys keys = Repo.keysOf("uploader-svc");
        assertTrue(keys.accepts("BACKSTREAM_STORAGES_ARCHIVE_SECRET_KEY"), "any @EachProperty name: " + keys.patterns());
        assertTrue(keys.accepts("BACKSTREAM_TOPICS_REPLICATION_FACTOR"), "service-support's properties count");
        assertFalse(keys.accepts("BACKSTREAM_STORAGES_SECRET_KEY"), "the storage name segment is required");
        assertFalse(Repo.keysOf("scheduler-svc").accepts("BACKSTREAM_STORAGES_S3_ENDPOINT"),
                "a key of another service does not count");
    }

    @Test
    void listFormEnvironmentNamesAreRead() {
        JsonNode list = Repo.yaml("environment: [\"A_B=1\", \"C=x=y\"]").path("environment");
        assertEquals(List.of("A_B", "C"), ComposeChecks.variableNames(list));
        assertEquals(List.of("A_B"), ComposeChecks.variableNames(Repo.yaml("environment: {A_B: 1}").path("environment")));
    }
}
