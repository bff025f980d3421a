package io.backstream.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import io.backstream.scheduler.domain.LedgerStatus;
import io.backstream.schema.Topics;
import io.backstream.schema.event.BackupRequested;
import io.backstream.support.security.TestApiAccess;
import io.backstream.testkit.BackstreamInfrastructure;
import io.backstream.testkit.KafkaBroker;
import io.backstream.testkit.UniqueNames;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.backstream.scheduler.SchedulerNode.TIMEOUT;
import static io.backstream.scheduler.SchedulingIT.policyJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP API on the real broker: policies, problem+json errors, restarts, ad-hoc backups with wait. */
@ExtendWith(BackstreamInfrastructure.class)
class SchedulerApiIT {

    private static final String PROBLEM = "application/problem+json";
    private static final Instant NOW = Instant.parse("2030-03-02T08:00:00Z");

    @Test
    void policiesRoundTripAndBadOnesGetProblemJsonNamingTheField(KafkaBroker broker) throws IOException {
        String policyId = UniqueNames.id("api");
        String target = UniqueNames.id("db");
        try (EventScript script = new EventScript(broker);
             SchedulerNode node = SchedulerNode.start(broker, NOW, Map.of())) {
            script.announce(target, NOW);
            node.awaitTarget(target);

            SchedulerNode.Answer put = node.exchange(HttpRequest.PUT("/v1/policies/" + policyId,
                    policyJson(policyId, "30 2 * * *", "Europe/Berlin", target)));
            assertEquals(200, put.status(), put.body());
            JsonNode stored = json(script, put.body());
            assertEquals("30 2 * * *", stored.get("schedule").asText());
            assertEquals("P30D", stored.at("/retention/maxAge").asText());
            SchedulerNode.Answer get = node.exchange(HttpRequest.GET("/v1/policies/" + policyId));
            assertEquals(200, get.status());
            assertEquals(stored, json(script, get.body()));
            JsonNode all = json(script, node.exchange(HttpRequest.GET("/v1/policies")).body());
            assertTrue(all.findValuesAsText("id").contains(policyId), all.toString());

            String bad = "{\"targets\":[\"" + target + "\",\"no-such-target\"],\"schedule\":\"61 * * * *\","
                    + "\"timeZone\":\"Mars/Olympus\",\"retention\":{\"keepLast\":3,\"maxAge\":\"soon\"},"
                    + "\"maxIncrementalCount\":2,\"enabled\":true}";
            SchedulerNode.Answer invalid = node.exchange(HttpRequest.PUT("/v1/policies/" + policyId, bad));
            assertEquals(400, invalid.status());
            assertTrue(invalid.contentType().startsWith(PROBLEM), invalid.contentType());
            JsonNode problem = json(script, invalid.body());
            assertTrue(problem.has("violations"), invalid.body());
            assertEquals(List.of("targets[1]", "schedule", "timeZone", "retention.maxAge"),
                    problem.get("violations").findValuesAsText("field"), problem.toString());
            assertTrue(problem.get("detail").asText().contains("unknown target 'no-such-target'"), problem.toString());

            SchedulerNode.Answer negative = node.exchange(HttpRequest.PUT("/v1/policies/" + policyId,
                    "{\"targets\":[\"" + target + "\"],\"schedule\":\"@daily\",\"maxIncrementalCount\":-1,"
                            + "\"enabled\":true}"));
            assertEquals(400, negative.status());
            assertTrue(negative.body().contains("maxIncrementalCount"), negative.body());
            SchedulerNode.Answer keepsNothing = node.exchange(HttpRequest.PUT("/v1/policies/" + policyId,
                    "{\"targets\":[\"" + target + "\"],\"schedule\":\"@daily\",\"retention\":{\"keepLast\":0},"
                            + "\"enabled\":true}"));
            assertEquals(400, keepsNothing.status(), keepsNothing.body());
            assertEquals(List.of("retention.keepLast"),
                    json(script, keepsNothing.body()).get("violations").findValuesAsText("field"), keepsNothing.body());
            assertEquals(stored, json(script, node.exchange(HttpRequest.GET("/v1/policies/" + policyId)).body()),
                    "a rejected policy leaves the stored one alone");

            SchedulerNode.Answer unknown = node.exchange(HttpRequest.GET("/v1/policies/no-such-policy"));
            assertEquals(404, unknown.status());
            assertTrue(unknown.contentType().startsWith(PROBLEM), unknown.contentType());
            assertTrue(json(script, unknown.body()).get("detail").asText().contains("no-such-policy"));

            assertEquals(204, node.exchange(HttpRequest.DELETE("/v1/policies/" + policyId)).status());
            assertEquals(404, node.exchange(HttpRequest.GET("/v1/policies/" + policyId)).status());
            assertEquals(404, node.exchange(HttpRequest.DELETE("/v1/policies/" + policyId)).status());
        }
    }

    @Test
    void policiesFromTheApiAndTheFileSurviveARestartAndDeletionsToo(KafkaBroker broker, @TempDir Path dir)
            throws IOException {
        String apiPolicy = UniqueNames.id("kept");
        String filePolicy = UniqueNames.id("file");
        String target = UniqueNames.id("db");
        Path file = dir.resolve("policies.yml");
        Files.writeString(file, """
                policies:
                  - id: %s
                    targets: [%s]
                    schedule: "@daily"
                    timeZone: America/New_York
                    maxIncrementalCount: 6
                    retention:
                      keepDaily: 7
                """.formatted(filePolicy, target));
        String stored;
        try (EventScript script = new EventScript(broker);
             SchedulerNode first = SchedulerNode.start(broker, NOW,
                     Map.of("backstream.scheduler.policies-file", file.toString()))) {
            script.announce(target, NOW);
            first.awaitTarget(target);
            first.tickAt(NOW);
            assertEquals(200, first.exchange(HttpRequest.PUT("/v1/policies/" + apiPolicy,
                    policyJson(apiPolicy, "0 3 * * *", null, target))).status());
            stored = first.exchange(HttpRequest.GET("/v1/policies/" + filePolicy)).body();
            assertTrue(stored.contains("America/New_York"), stored);
        }
        try (SchedulerNode second = SchedulerNode.start(broker, NOW, Map.of())) {
            assertEquals(stored, second.exchange(HttpRequest.GET("/v1/policies/" + filePolicy)).body());
            SchedulerNode.Answer api = second.exchange(HttpRequest.GET("/v1/policies/" + apiPolicy));
            assertEquals(200, api.status());
            assertTrue(api.body().contains("0 3 * * *"), api.body());
            assertEquals(204, second.exchange(HttpRequest.DELETE("/v1/policies/" + apiPolicy)).status());
            assertEquals(204, second.exchange(HttpRequest.DELETE("/v1/policies/" + filePolicy)).status());
        }
        try (SchedulerNode third = SchedulerNode.start(broker, NOW, Map.of())) {
            assertEquals(404, third.exchange(HttpRequest.GET("/v1/policies/" + apiPolicy)).status());
            assertEquals(404, third.exchange(HttpRequest.GET("/v1/policies/" + filePolicy)).status());
        }
    }

    @Test
    void aBadPoliciesFileFailsStartUpNamingThePropertyThePolicyAndTheField(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("policies.yml");
        Files.writeString(file, """
                policies:
                  - id: nightly
                    targets: [db]
                    schedule: "@daily"
                    timeZone: Europe/Berlin
                  - id: broken
                    targets: [db]
                    schedule: "30 25 * * *"
                """);
        String messages = startUpFailure(file);
        assertTrue(messages.contains("backstream.scheduler.policies-file"), messages);
        assertTrue(messages.contains("policies[1] (broken)"), messages);
        assertTrue(messages.contains("schedule: '30 25 * * *'"), messages);
    }

    @Test
    void aPoliciesFileWhoseRetentionKeepsNoBackupFailsStartUp(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("policies.yml");
        Files.writeString(file, """
                policies:
                  - id: keeps-nothing
                    targets: [db]
                    schedule: "@daily"
                    retention: { keepLast: 0 }
                """);
        String messages = startUpFailure(file);
        assertTrue(messages.contains("policies[0] (keeps-nothing)"), messages);
        assertTrue(messages.contains("retention.keepLast: must be at least 1"), messages);
    }

    /** Every message of the exception chain that a scheduler start with {@code policiesFile} fails with. */
    private static String startUpFailure(Path policiesFile) {
        Exception failure = assertThrows(Exception.class, () -> ApplicationContext.run(EmbeddedServer.class, Map.of(
                "micronaut.server.port", -1,
                "backstream.topics.enabled", false,
                "backstream.scheduler.policies-file", policiesFile.toString())).close());
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }

    @Test
    void adHocWithWaitAnswersOnceTheBackupIsTerminal(KafkaBroker broker) throws IOException {
        String target = UniqueNames.id("db");
        try (EventScript script = new EventScript(broker);
             SchedulerNode node = SchedulerNode.start(broker, NOW, Map.of())) {
            script.announce(target, NOW);
            node.awaitTarget(target);

            CompletableFuture<SchedulerNode.Answer> waiting = CompletableFuture.supplyAsync(() -> node.exchange(
                    HttpRequest.POST("/v1/backups?wait=true&timeout=PT2M", "{\"target\":\"" + target + "\"}")));
            BackupRequested request = script.read(Topics.BACKUP_REQUESTS, BackupRequested.class,
                    r -> r.targetId().equals(target), found -> !found.isEmpty(), TIMEOUT).get(0);
            assertEquals(TestApiAccess.ADMIN.name(), request.requestedBy(),
                    "the caller asked, not the client's say-so");
            String backupId = request.backupId();
            script.started(backupId, target, null, NOW.plusSeconds(1));
            script.snapshotCompleted(backupId, target, null, NOW.plusSeconds(2));
            node.awaitStatus(backupId, LedgerStatus.UPLOADING);
            assertTrue(!waiting.isDone(), "the answer waits for a terminal state");
            script.uploadCompleted(backupId, target, NOW.plusSeconds(3));

            SchedulerNode.Answer answer = waiting.join();
            assertEquals(200, answer.status(), answer.body());
            JsonNode body = json(script, answer.body());
            assertEquals(backupId, body.get("backupId").asText());
            assertEquals("COMPLETED", body.get("status").asText());

            SchedulerNode.Answer noWait = node.exchange(HttpRequest.POST("/v1/backups",
                    "{\"target\":\"" + target + "\",\"storage\":\"gcs\"}"));
            assertEquals(202, noWait.status());
            assertEquals("REQUESTED", json(script, noWait.body()).get("status").asText());

            SchedulerNode.Answer timedOut = node.exchange(HttpRequest.POST("/v1/backups?wait=true&timeout=PT1S",
                    "{\"target\":\"" + target + "\"}"));
            assertEquals(202, timedOut.status());
            assertEquals("REQUESTED", json(script, timedOut.body()).get("status").asText());

            SchedulerNode.Answer unknown = node.exchange(HttpRequest.POST("/v1/backups",
                    "{\"target\":\"no-such-target\"}"));
            assertEquals(404, unknown.status());
            assertTrue(unknown.contentType().startsWith(PROBLEM), unknown.contentType());
            assertTrue(unknown.body().contains("no-such-target"), unknown.body());

            SchedulerNode.Answer tooLong = node.exchange(HttpRequest.POST("/v1/backups?wait=true&timeout=PT11M",
                    "{\"target\":\"" + target + "\"}"));
            assertEquals(400, tooLong.status());
            assertTrue(tooLong.body().contains("timeout"), tooLong.body());
        }
    }

    private static JsonNode json(EventScript script, String body) throws IOException {
        return script.codec.mapper().readTree(body);
    }
}
