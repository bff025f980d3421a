package io.backstream.restore.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstream.restore.config.RestoreProperties;
import io.backstream.restore.domain.BackupDeletion;
import io.backstream.restore.domain.BackupLocation;
import io.backstream.restore.domain.Catalog;
import io.backstream.restore.domain.RestoreFailure;
import io.backstream.schema.Json;
import io.backstream.schema.catalog.BackupDetail;
import io.backstream.schema.catalog.BackupSummary;
import io.backstream.schema.catalog.BackupChecksums;
import io.backstream.schema.catalog.DeletionView;
import io.backstream.schema.catalog.Location;
import io.backstream.schema.catalog.RestorePointView;
import io.backstream.schema.catalog.Sizes;
import io.backstream.support.retry.Backoff;
import io.backstream.support.retry.Retry;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The catalog's HTTP API: {@code GET /v1/backups/{id}} (a {@link BackupDetail}, read as a location or as a
 * deletion state) and
 * {@code GET /v1/targets/{id}/restore-point?at=} (a {@link RestorePointView}: summaries without locations, each
 * then looked up by id). Connection failures and 5xx answers are retried {@code catalog-attempts} times in all,
 * waiting 200 ms doubling up to 5 s (less up to a fifth of jitter); 404 means "not known". Only a COMPLETED
 * backup is a location to restore from. Each call sends the bearer token of {@code catalog-token-file}, read
 * again per call so a rotated token applies without a restart; a 401 or 403 is final and says which setting to fix.
 */
@Singleton
public class HttpCatalog implements Catalog {

    private static final String RESTORABLE_STATUS = "COMPLETED";
    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), 2.0, 0.2);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper mapper = Json.newMapper();
    private final URI base;
    private final Retry retry;
    private final Path tokenFile;

    public HttpCatalog(RestoreProperties properties) {
        this.tokenFile = properties.getCatalogTokenFile();
        String url = properties.getCatalogUrl().toString();
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.retry = new Retry(properties.getCatalogAttempts(), BACKOFF);
    }

    @Override
    public Optional<BackupLocation> backup(String backupId) {
        return get("v1/backups/" + encode(backupId), BackupDetail.class).map(HttpCatalog::restorable);
    }

    @Override
    public Optional<BackupDeletion> deletion(String backupId) {
        return get("v1/backups/" + encode(backupId), BackupDetail.class).map(HttpCatalog::deletion);
    }

    @Override
    public List<BackupLocation> restorePoint(String targetId, Instant at) {
        Optional<RestorePointView> point = get("v1/targets/" + encode(targetId) + "/restore-point?at="
                + encode(at.toString()), RestorePointView.class);
        List<BackupLocation> chain = new ArrayList<>();
        for (BackupSummary summary : point.map(RestorePointView::backups).orElse(List.of())) {
            String id = summary.id();
            chain.add(backup(id).orElseThrow(() -> new RestoreFailure("backup-not-found",
                    "the catalog's restore point names backup " + id + " but does not know it")));
        }
        return chain;
    }

    private static BackupLocation restorable(BackupDetail detail) {
        if (!RESTORABLE_STATUS.equals(detail.status())) {
            throw new RestoreFailure(NOT_RESTORABLE, "backup " + detail.id() + " is " + detail.status()
                    + ", only a " + RESTORABLE_STATUS + " backup can be restored or downloaded");
        }
        return location(detail);
    }

    private static BackupLocation location(BackupDetail detail) {
        Location where = where(detail);
        Sizes sizes = detail.sizes();
        BackupChecksums checksums = detail.checksums();
        return new BackupLocation(detail.id(), detail.targetId(), detail.type(), where.storage(), where.key(),
                where.manifestKey(), sizes == null || sizes.uploadedBytes() == null ? 0 : sizes.uploadedBytes(),
                checksums == null ? null : checksums.uploadSha256());
    }

    private static BackupDeletion deletion(BackupDetail detail) {
        Location where = where(detail);
        DeletionView deletion = detail.deletion();
        return new BackupDeletion(detail.id(), detail.status(), where.storage(), where.key(), where.manifestKey(),
                deletion == null ? null : deletion.requestedAt(), deletion == null ? null : deletion.deletedAt());
    }

    private static Location where(BackupDetail detail) {
        return detail.location() != null ? detail.location() : new Location(null, null, null, null, null);
    }

    private <T> Optional<T> get(String path, Class<T> type) {
        URI uri = base.resolve(path);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json").GET();
        if (tokenFile != null) {
            builder.header("Authorization", "Bearer " + token());
        }
        HttpRequest request = builder.build();
        try {
            return retry.call("Catalog call " + uri, () -> fetch(request, type));
        } catch (Retry.TransientFailure e) {
            throw new RestoreFailure("catalog-unavailable", "GET " + uri + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestoreFailure("catalog-unavailable", "interrupted while asking " + uri, e);
        }
    }

    /** One GET: the body on 200, empty on 404; 5xx and I/O failures are transient, other answers final. */
    private <T> Optional<T> fetch(HttpRequest request, Class<T> type)
            throws Retry.TransientFailure, InterruptedException {
        int status;
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            status = response.statusCode();
            if (status == 200) {
                return Optional.of(mapper.readValue(response.body(), type));
            }
        } catch (IOException e) {
            throw new Retry.TransientFailure(e.toString());
        }
        if (status == 404) {
            return Optional.empty();
        }
        if (status >= 500) {
            throw new Retry.TransientFailure("HTTP " + status);
        }
        if (status == 401 || status == 403) {
            throw new RestoreFailure("catalog-unauthorized", "GET " + request.uri() + " failed: HTTP " + status
                    + "; backstream.restore.catalog-token-file must name a file with a viewer token of every target");
        }
        throw new RestoreFailure("catalog-unavailable", "GET " + request.uri() + " failed: HTTP " + status);
    }

    private String token() {
        try {
            String token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
            if (token.isEmpty()) {
                throw new RestoreFailure("catalog-unauthorized", "backstream.restore.catalog-token-file " + tokenFile
                        + " is empty");
            }
            return token;
        } catch (IOException e) {
            throw new RestoreFailure("catalog-unauthorized", "backstream.restore.catalog-token-file " + tokenFile
                    + " cannot be read: " + e.getClass().getSimpleName());
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
