package io.backstream.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstream.schema.EventCodec;
import io.backstream.schema.EventType;
import io.backstream.schema.event.RestoreDestination;
import io.backstream.schema.event.RestoreRequested;
import io.backstream.testkit.KafkaTestClients;
import io.backstream.testkit.TreeFixtures;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The round trip a new user sees: back up a target through the scheduler's API, list it in the
 * catalog, restore it through {@code restore.requests} into a new directory and compare that
 * directory with the source, file by file and with metadata.
 */
final class Demo {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final URI scheduler;
    private final URI catalog;
    private final String kafka;
    private final PrintStream out;

    Demo(URI scheduler, URI catalog, String kafka, PrintStream out) {
        this.scheduler = scheduler;
        this.catalog = catalog;
        this.kafka = kafka;
        this.out = out;
    }

    /** Runs the round trip; true when the restored tree is identical to the source. */
    boolean run(String target, Path source, Path restoreRoot) throws Exception {
        out.println();
        out.println("Demo: backing up target '" + target + "' (" + source + ") ...");
        JsonNode backup = requestBackup(target);
        String backupId = backup.get("backupId").asText();
        if (!"COMPLETED".equals(backup.get("status").asText())) {
            out.println("Backup " + backupId + " ended " + backup.get("status").asText() + ": " + backup.path("reason"));
            return false;
        }
        JsonNode detail = get(catalog.resolve("/v1/backups/" + backupId));
        out.println("Catalog (GET " + catalog.resolve("/v1/backups?target=" + target) + "):");
        for (JsonNode row : get(catalog.resolve("/v1/backups?target=" + target + "&limit=5")).path("items")) {
            out.printf("  %-50s %-10s %-5s %s%n", row.path("id").asText(), row.path("status").asText(),
                    row.path("type").asText(), row.path("createdAt").asText());
        }

        String restoreId = "demo-restore-" + System.currentTimeMillis();
        Path destination = restoreRoot.resolve(restoreId);
        out.println("Restoring " + backupId + " into " + destination + " ...");
        publishRestore(restoreId, backupId, destination);
        JsonNode restore = awaitRestore(restoreId);

        List<String> differences = "COMPLETED".equals(restore.path("status").asText())
                ? TreeFixtures.differences(source, destination, Set.of("restore.done"))
                : List.of("(restore " + restore.path("status").asText() + ": " + restore.path("failureReason").asText() + ")");
        boolean identical = differences.isEmpty() && Files.isRegularFile(destination.resolve("restore.done"));

        out.println();
        out.println("+---------------------+------------------------------------------------------------------+");
        row("backup", backupId);
        row("status", detail.path("status").asText());
        row("stored bytes", detail.at("/sizes/uploadedBytes").asText());
        row("raw bytes", detail.at("/sizes/rawBytes").asText());
        row("chunks", detail.at("/manifest/chunkCount").asText());
        row("files", detail.at("/manifest/fileCount").asText());
        row("sha-256", detail.at("/checksums/uploadSha256").asText());
        row("object", detail.at("/location/bucket").asText() + "/" + detail.at("/location/key").asText());
        row("restore", restoreId + " " + restore.path("status").asText());
        row("restored into", destination.toString());
        row("identical", identical ? "yes: every path, content, mode, mtime and link matches"
                : "NO: " + String.join(", ", differences.subList(0, Math.min(5, differences.size()))));
        out.println("+---------------------+------------------------------------------------------------------+");
        return identical;
    }

    private void row(String name, String value) {
        out.printf("| %-19s | %-64s |%n", name, value);
    }

    private JsonNode requestBackup(String target) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                            scheduler.resolve("/v1/backups?wait=true&timeout=PT10M"))
                    .timeout(TIMEOUT).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"target\":\"" + target + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            // 404 until the scheduler has read the worker's announcement of the target
            if (response.statusCode() != 404 || System.nanoTime() > deadline) {
                if (response.statusCode() >= 400) {
                    throw new IllegalStateException("the scheduler answered " + response.statusCode() + ": "
                            + response.body());
                }
                return JSON.readTree(response.body());
            }
            TimeUnit.SECONDS.sleep(1);
        }
    }

    private void publishRestore(String restoreId, String backupId, Path destination)
            throws InterruptedException, ExecutionException {
        EventCodec codec = new EventCodec();
        RestoreRequested request = new RestoreRequested(restoreId, backupId, null, null,
                new RestoreDestination(RestoreDestination.Kind.DIRECTORY, destination.toString(), null),
                false, List.of(), false, "dev-stack-demo", Instant.now());
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestClients.producer(kafka)) {
            producer.send(new ProducerRecord<>(EventType.RESTORE_REQUESTED.topic(),
                    restoreId.getBytes(StandardCharsets.UTF_8),
                    codec.encode(codec.create("/dev-stack", restoreId, request)))).get();
        }
    }

    private JsonNode awaitRestore(String restoreId) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    catalog.resolve("/v1/restores/" + restoreId)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                JsonNode restore = JSON.readTree(response.body());
                String status = restore.path("status").asText();
                if ("COMPLETED".equals(status) || "FAILED".equals(status)) {
                    return restore;
                }
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        throw new IllegalStateException("restore " + restoreId + " did not finish within " + TIMEOUT.toMinutes() + " min");
    }

    private static JsonNode get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
