package io.backstream.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backstream.schema.Json;
import io.backstream.schema.catalog.BackupDetail;
import io.backstream.schema.catalog.BackupPage;
import io.backstream.schema.catalog.BackupSummary;
import io.backstream.schema.catalog.RestoreView;
import io.backstream.testkit.TreeFixtures;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The round trip a new user sees: back up a target through the scheduler's API, list it in the
 * catalog, restore it through restore-svc's {@code POST /v1/restores} into a new directory and compare that
 * directory with the source, file by file and with metadata.
 */
final class Demo {

    private static final ObjectMapper JSON = Json.newMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final URI scheduler;
    private final URI catalog;
    private final URI restore;
    private final String authorization;
    private final PrintStream out;

    /** A demo calling the APIs with {@code token} (an admin token). */
    Demo(URI scheduler, URI catalog, URI restore, String token, PrintStream out) {
        this.scheduler = scheduler;
        this.catalog = catalog;
        this.restore = restore;
        this.authorization = "Bearer " + token;
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
        BackupDetail detail = get(catalog.resolve("/v1/backups/" + backupId), BackupDetail.class);
        out.println("Catalog (GET " + catalog.resolve("/v1/backups?target=" + target) + "):");
        for (BackupSummary row : get(catalog.resolve("/v1/backups?target=" + target + "&limit=5"), BackupPage.class)
                .items()) {
            out.printf("  %-50s %-10s %-5s %s%n", row.id(), row.status(), row.type(), row.createdAt());
        }

        String restoreId = "demo-restore-" + System.currentTimeMillis();
        Path destination = restoreRoot.resolve(restoreId);
        out.println("Restoring " + backupId + " into " + destination + " ...");
        requestRestore(restoreId, backupId, destination);
        RestoreView restore = awaitRestore(restoreId);

        List<String> differences = "COMPLETED".equals(restore.status())
                ? TreeFixtures.differences(source, destination, Set.of("restore.done"))
                : List.of("(restore " + restore.status() + ": " + restore.failureReason() + ")");
        boolean identical = differences.isEmpty() && Files.isRegularFile(destination.resolve("restore.done"));

        out.println();
        out.println("+---------------------+------------------------------------------------------------------+");
        row("backup", backupId);
        row("status", detail.status());
        row("stored bytes", String.valueOf(detail.sizes().uploadedBytes()));
        row("raw bytes", String.valueOf(detail.sizes().rawBytes()));
        row("chunks", detail.manifest() == null ? "" : String.valueOf(detail.manifest().chunkCount()));
        row("files", detail.manifest() == null ? "" : String.valueOf(detail.manifest().fileCount()));
        row("sha-256", detail.checksums().uploadSha256());
        row("object", detail.location().bucket() + "/" + detail.location().key());
        row("restore", restoreId + " " + restore.status());
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
                    .timeout(TIMEOUT).header("Content-Type", "application/json").header("Authorization", authorization)
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

    private void requestRestore(String restoreId, String backupId, Path destination) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("restoreId", restoreId).put("backupId", backupId);
        body.putObject("destination").put("kind", "DIRECTORY").put("path", destination.toString());
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(restore.resolve("/v1/restores"))
                        .timeout(TIMEOUT).header("Content-Type", "application/json")
                        .header("Authorization", authorization)
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("restore-svc answered " + response.statusCode() + ": " + response.body());
        }
    }

    private RestoreView awaitRestore(String restoreId) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    catalog.resolve("/v1/restores/" + restoreId)).header("Authorization", authorization).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                RestoreView restore = JSON.readValue(response.body(), RestoreView.class);
                if ("COMPLETED".equals(restore.status()) || "FAILED".equals(restore.status())) {
                    return restore;
                }
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        throw new IllegalStateException("restore " + restoreId + " did not finish within " + TIMEOUT.toMinutes() + " min");
    }

    private <T> T get(URI uri, Class<T> type) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).header("Authorization", authorization)
                        .GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readValue(response.body(), type);
    }
}
