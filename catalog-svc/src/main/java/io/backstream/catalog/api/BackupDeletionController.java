package io.backstream.catalog.api;

import io.backstream.catalog.domain.Backup;
import io.backstream.catalog.domain.BackupStatus;
import io.backstream.catalog.domain.LifecycleEventRefused;
import io.backstream.catalog.messaging.DeleteDecisions;
import io.backstream.catalog.persistence.BackupStore;
import io.backstream.schema.event.DeleteRequested;
import io.backstream.support.api.Problems;
import io.backstream.support.security.Caller;
import io.backstream.support.security.MutationAudit;
import io.backstream.support.security.Roles;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Clock;
import java.time.Instant;

/**
 * Deletes by hand: an operator's decision to delete one backup, marked and published like retention's
 * ({@link DeleteDecisions}), requestedBy the caller. The catalog answers once the mark is written and the request
 * published; restore-svc deletes the objects and the backup becomes DELETED. A backup of a target outside the
 * caller's scope is unknown to it.
 */
@Secured(Roles.ADMIN)
@Controller("/v1/backups")
@Tag(name = "backups")
@Requires(property = "kafka.enabled", notEquals = "false")
public class BackupDeletionController {

    private static final String DEFAULT_REASON = "operator-request";
    private static final int MAX_REASON_LENGTH = 4096;

    private final BackupStore store;
    private final DeleteDecisions decisions;
    private final Clock clock;

    BackupDeletionController(BackupStore store, DeleteDecisions decisions, Clock clock) {
        this.store = store;
        this.decisions = decisions;
        this.clock = clock;
    }

    @Delete("/{id}")
    @Operation(summary = "Delete one backup: the catalog marks it DELETING and asks restore-svc to delete its objects")
    @ApiResponse(responseCode = "202", description = "The delete request as published on backup.deletions")
    @ApiResponse(responseCode = "400", description = "reason is too long; problem+json")
    @ApiResponse(responseCode = "404", description = "No backup with this id; problem+json")
    @ApiResponse(responseCode = "409", description = "The backup is not COMPLETED (or PARTLY_DELETED); problem+json")
    HttpResponse<DeleteRequested> delete(Caller caller,
                                         @PathVariable String id,
                                         @Nullable @QueryValue @Parameter(description = "why, for the record")
                                         String reason) {
        String why = Parameters.text(reason) == null ? DEFAULT_REASON : reason.trim();
        if (why.length() > MAX_REASON_LENGTH) {
            throw Problems.invalid("reason", "must be at most " + MAX_REASON_LENGTH + " characters");
        }
        Backup backup = store.findBackup(id).filter(found -> caller.scope().permits(found.targetId()))
                .orElseThrow(() -> Problems.notFound("No backup with id " + id));
        if (backup.status() != BackupStatus.COMPLETED && backup.status() != BackupStatus.PARTLY_DELETED) {
            throw conflict(backup);
        }
        Instant now = clock.instant();
        try {
            DeleteRequested request = decisions.decide("operator-" + id + "-" + now.toEpochMilli(), backup, why,
                    caller.name(), now);
            MutationAudit.record(caller, "backup.delete", id);
            return HttpResponse.accepted().body(request);
        } catch (LifecycleEventRefused changedMeanwhile) {
            throw conflict(store.findBackup(id).orElse(backup));
        }
    }

    private static RuntimeException conflict(Backup backup) {
        return Problems.conflict("status: backup " + backup.id() + " is " + backup.status()
                + ", only a COMPLETED or PARTLY_DELETED backup can be deleted");
    }
}
