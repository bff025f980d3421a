package io.backstream.restore.api;

import io.backstream.restore.domain.BackupLocation;
import io.backstream.restore.domain.Catalog;
import io.backstream.restore.domain.RestoreFailure;
import io.backstream.restore.domain.Storages;
import io.backstream.storage.ObjectStorage;
import io.backstream.storage.StorageException;
import io.backstream.support.api.Problems;
import io.backstream.support.security.Caller;
import io.backstream.support.security.MutationAudit;
import io.backstream.support.security.Roles;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Download URLs: fetch a backup's archive with nothing but {@code curl URL | tar -x --zstd}. A URL is a bearer
 * credential for the archive, so each one is audited; a backup outside the caller's scope is unknown to it.
 */
@Secured(Roles.OPERATOR)
@Controller("/v1/backups")
@ExecuteOn(TaskExecutors.BLOCKING)
public class DownloadUrlController {

    /** A URL valid until {@code expiresAt}: S3 presigned, GCS signed, or a {@code file:} URI for local storage. */
    @Serdeable
    public record DownloadUrl(String backupId, String url, Instant expiresAt) {
    }

    /** Longest validity S3 presigning allows. */
    private static final Duration MAX_TTL = Duration.ofDays(7);

    private final Catalog catalog;
    private final Storages storages;

    public DownloadUrlController(Catalog catalog, Storages storages) {
        this.catalog = catalog;
        this.storages = storages;
    }

    /**
     * {@code GET /v1/backups/{id}/download-url?ttl=PT1H}: 200 with the URL, 400 for a bad ttl, 404 for an unknown
     * backup, 502 when the catalog or storage cannot answer.
     */
    @Get("/{id}/download-url")
    public HttpResponse<?> downloadUrl(Caller caller, @PathVariable String id, @QueryValue Optional<String> ttl) {
        Duration validity;
        try {
            validity = Duration.parse(ttl.orElse("PT1H"));
        } catch (DateTimeParseException e) {
            throw Problems.invalid("ttl", "'" + ttl.orElse("") + "' is not an ISO-8601 duration");
        }
        if (validity.isNegative() || validity.isZero() || validity.compareTo(MAX_TTL) > 0) {
            throw Problems.invalid("ttl", "must be positive and at most " + MAX_TTL);
        }
        try {
            Optional<BackupLocation> location = catalog.backup(id)
                    .filter(found -> caller.scope().permits(found.targetId()));
            if (location.isEmpty()) {
                throw Problems.notFound("id: the catalog knows no backup " + id);
            }
            Optional<ObjectStorage> storage = storages.find(location.get().storage());
            if (storage.isEmpty()) {
                throw Problems.notFound("storage: this service has no storage '"
                        + location.get().storage() + "'");
            }
            Instant expiresAt = Instant.now().plus(validity);
            MutationAudit.record(caller, "backup.download-url", id + " " + validity);
            return HttpResponse.ok(new DownloadUrl(id, storage.get().downloadUrl(location.get().key(), validity).toString(),
                    expiresAt));
        } catch (RestoreFailure e) {
            throw Catalog.NOT_RESTORABLE.equals(e.code()) ? Problems.conflict(e.getMessage())
                    : Problems.upstreamFailed(e.getMessage());
        } catch (StorageException e) {
            throw Problems.upstreamFailed(e.getMessage());
        }
    }
}
