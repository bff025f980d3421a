package io.backstream.restore.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backstream.restore.domain.BackupLocation;
import io.backstream.restore.domain.Catalog;
import io.backstream.restore.domain.RestoreFailure;
import io.backstream.schema.CloudEvent;
import io.backstream.schema.EventCodec;
import io.backstream.schema.EventType;
import io.backstream.schema.event.RestoreRequested;
import io.backstream.support.api.JsonBodies;
import io.backstream.support.api.Problems;
import io.backstream.support.messaging.EventPublisher;
import io.backstream.support.security.Caller;
import io.backstream.support.security.MutationAudit;
import io.backstream.support.security.Roles;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * {@code POST /v1/restores}: asks for a restore or a verification over HTTP, so a user needs a token and no Kafka
 * credentials. The body is a {@code RestoreRequested} without {@code requestedBy} and {@code requestedAt}, which
 * the service sets (the caller, now); {@code restoreId} is optional and makes a retried request the same restore.
 * The request is published on {@code restore.requests} like any other, so it runs, is deduplicated and reported
 * exactly as one from Kafka. A backup or target outside the caller's scope answers 404.
 */
@Secured(Roles.OPERATOR)
@Controller("/v1/restores")
@ExecuteOn(TaskExecutors.BLOCKING)
public class RestoreRequestController {

    private static final String SOURCE = "/restore-svc";

    private final Catalog catalog;
    private final EventPublisher publisher;
    private final EventCodec codec;
    private final Clock clock = Clock.systemUTC();

    public RestoreRequestController(Catalog catalog, EventPublisher publisher, EventCodec codec) {
        this.catalog = catalog;
        this.publisher = publisher;
        this.codec = codec;
    }

    /** 202 with the published CloudEvent; 400 naming each bad field; 404 for a backup unknown to the caller. */
    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> request(Caller caller, @Body String body) {
        RestoreRequested request = parse(caller, body);
        String subject = request.backupId() != null ? request.backupId() : request.targetId();
        if (!caller.scope().isUnrestricted() && !caller.scope().permits(targetOf(request))) {
            throw Problems.notFound(request.backupId() != null
                    ? "backupId: the catalog knows no backup " + request.backupId()
                    : "targetId: the catalog knows no target " + request.targetId());
        }
        CloudEvent<RestoreRequested> event = codec.create(SOURCE, request.restoreId(), request);
        try {
            publisher.publish(request.restoreId(), event);
        } catch (EventPublisher.PublishException e) {
            throw Problems.upstreamFailed("restore.requests did not take the request: " + e.getMessage());
        }
        MutationAudit.record(caller, request.verifyOnly() ? "backup.verify" : "restore.request",
                subject + " " + request.restoreId());
        return HttpResponse.<String>status(HttpStatus.ACCEPTED)
                .body(new String(codec.encode(event), StandardCharsets.UTF_8));
    }

    /**
     * The target the request is about, null when unknown. Asked only for a caller limited to some targets: a backup
     * the catalog will not restore counts as unknown, since its state must not tell another tenant that it exists.
     */
    private String targetOf(RestoreRequested request) {
        if (request.targetId() != null) {
            return request.targetId();
        }
        try {
            return catalog.backup(request.backupId()).map(BackupLocation::targetId).orElse(null);
        } catch (RestoreFailure e) {
            if (Catalog.NOT_RESTORABLE.equals(e.code())) {
                return null;
            }
            throw Problems.upstreamFailed(e.getMessage());
        }
    }

    private RestoreRequested parse(Caller caller, String body) {
        ObjectNode object = JsonBodies.object(codec.mapper(), body);
        for (String serviceSet : List.of("requestedBy", "requestedAt")) {
            if (object.has(serviceSet)) {
                throw Problems.invalid(serviceSet, "is set by the service (the authenticated caller and now)");
            }
        }
        if (!object.hasNonNull("restoreId")) {
            object.put("restoreId", UUID.randomUUID().toString());
        }
        object.put("requestedBy", caller.name());
        object.put("requestedAt", clock.instant().truncatedTo(ChronoUnit.MILLIS).toString());
        List<Problems.FieldError> errors = codec.validator().validate(EventType.RESTORE_REQUESTED, object).stream()
                .map(Problems.FieldError::fromSchemaError).toList();
        if (!errors.isEmpty()) {
            throw Problems.invalid(errors);
        }
        RestoreRequested request;
        try {
            request = codec.mapper().treeToValue(object, RestoreRequested.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw Problems.invalid("body", "does not map to a restore request");
        }
        boolean byBackup = request.backupId() != null;
        if (byBackup == (request.targetId() != null)) {
            throw Problems.invalid("backupId", "give either backupId or targetId with pointInTime");
        }
        if (!byBackup && request.pointInTime() == null) {
            throw Problems.invalid("pointInTime", "is required with targetId");
        }
        if (byBackup && request.pointInTime() != null) {
            throw Problems.invalid("pointInTime", "applies to targetId, not to backupId");
        }
        if (!request.verifyOnly() && request.destination() == null) {
            throw Problems.invalid("destination", "is required unless verifyOnly is true");
        }
        return request;
    }
}
