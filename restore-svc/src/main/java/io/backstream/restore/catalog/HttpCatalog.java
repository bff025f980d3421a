package io.backstream.restore.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstream.restore.config.RestoreProperties;
import io.backstream.restore.domain.BackupLocation;
import io.backstream.restore.domain.Catalog;
import io.backstream.restore.domain.RestoreFailure;
import io.backstream.schema.Json;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The catalog's HTTP API: {@code GET /v1/backups/{id}} (catalog-svc's {@code BackupDetail}: {@code id},
 * {@code location.storage/key/manifestKey}, {@code checksums.uploadSha256}, {@code sizes.uploadedBytes}; flat
 * {@code backupId/storage/key/manifestKey/sha256/size} fields are read too) and
 * {@code GET /v1/targets/{id}/restore-point?at=} (backup summaries in apply order, each then looked up by id when it
 * carries no location). Connection failures and 5xx answers are retried with exponential backoff; 404 means
 * "not known".
 */
@Singleton
public class HttpCatalog implements Catalog {

    private static final Logger LOG = LoggerFactory.getLogger(HttpCatalog.class);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper mapper = Json.newMapper();
    private final URI base;
    private final int attempts;

    public HttpCatalog(RestoreProperties properties) {
        String url = properties.getCatalogUrl().toString();
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.attempts = properties.getCatalogAttempts();
    }

    @Override
    public Optional<BackupLocation> backup(String backupId) {
        return get("v1/backups/" + encode(backupId)).map(HttpCatalog::location);
    }

    @Override
    public List<BackupLocation> restorePoint(String targetId, Instant at) {
        Optional<JsonNode> body = get("v1/targets/" + encode(targetId) + "/restore-point?at=" + encode(at.toString()));
        List<BackupLocation> chain = new ArrayList<>();
        if (body.isEmpty()) {
            return chain;
        }
        for (JsonNode summary : body.get().path("backups")) {
            BackupLocation location = location(summary);
            if (location.key() == null) {
                String id = location.backupId();
                location = backup(id).orElseThrow(() -> new RestoreFailure("backup-not-found",
                        "the catalog's restore point names backup " + id + " but does not know it"));
            }
            chain.add(location);
        }
        return chain;
    }

    private static BackupLocation location(JsonNode node) {
        JsonNode where = node.path("location");
        String id = first(text(node, "id"), text(node, "backupId"));
        return new BackupLocation(id, text(node, "targetId"), text(node, "type"),
                first(text(where, "storage"), text(node, "storage")),
                first(text(where, "key"), text(node, "key")),
                first(text(where, "manifestKey"), text(node, "manifestKey")),
                node.path("sizes").path("uploadedBytes").asLong(node.path("size").asLong()),
                first(text(node.path("checksums"), "uploadSha256"), text(node, "sha256")));
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private Optional<JsonNode> get(String path) {
        URI uri = base.resolve(path);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json").GET().build();
        String last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() == 404) {
                    return Optional.empty();
                }
                if (response.statusCode() == 200) {
                    return Optional.of(mapper.readTree(response.body()));
                }
                last = "HTTP " + response.statusCode();
                if (response.statusCode() < 500) {
                    break;
                }
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RestoreFailure("catalog-unavailable", "interrupted while asking " + uri, e);
            }
            if (attempt < attempts) {
                long delay = Math.min(5_000, 200L << (attempt - 1));
                LOG.warn("Catalog call {} failed ({}), attempt {}/{}, retrying in {} ms", uri, last, attempt, attempts,
                        delay);
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RestoreFailure("catalog-unavailable", "interrupted while asking " + uri, e);
                }
            }
        }
        throw new RestoreFailure("catalog-unavailable", "GET " + uri + " failed: " + last);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
