package io.backstream.scheduler.api;

import io.backstream.scheduler.config.SchedulerConfiguration;
import io.backstream.scheduler.domain.BackupLedger;
import io.backstream.scheduler.domain.BackupState;
import io.backstream.scheduler.domain.KnownTargets;
import io.backstream.scheduler.domain.LedgerStatus;
import io.backstream.scheduler.domain.SchedulerEngine;
import io.backstream.schema.BackupType;
import io.backstream.schema.event.BackupRequested;
import io.backstream.support.api.Problems;
import io.backstream.support.security.Caller;
import io.backstream.support.security.MutationAudit;
import io.backstream.support.security.Roles;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Ad-hoc backups. {@code wait=true} holds the answer (without holding a thread) until the backup reaches a
 * terminal state on {@code backup.events} (200) or the timeout passes (202 with the state so far). The request's
 * {@code requestedBy} is the caller; a target outside the caller's scope is answered as unknown.
 */
@Secured(Roles.OPERATOR)
@Controller("/v1/backups")
public class BackupController {

    private final SchedulerEngine engine;
    private final BackupLedger ledger;
    private final KnownTargets targets;
    private final Clock clock;
    private final Duration maxWait;

    public BackupController(SchedulerEngine engine, BackupLedger ledger, KnownTargets targets, Clock clock,
                            SchedulerConfiguration configuration) {
        this.engine = engine;
        this.ledger = ledger;
        this.targets = targets;
        this.clock = clock;
        this.maxWait = configuration.getMaxWait();
    }

    @Operation(summary = "Request a backup of an announced target now")
    @ApiResponse(responseCode = "202", description = "Requested (or still running when the wait timed out)")
    @ApiResponse(responseCode = "200", description = "wait=true and the backup reached a terminal state")
    @ApiResponse(responseCode = "400", description = "Bad body or parameters (problem+json naming the field)")
    @ApiResponse(responseCode = "404", description = "Target not announced on backup.targets (problem+json)")
    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public CompletableFuture<HttpResponse<BackupStatusView>> create(
            Caller caller,
            @Body AdHocBackupRequest body,
            @Parameter(description = "answer only once the backup is terminal") @QueryValue(defaultValue = "false")
            boolean wait,
            @Parameter(description = "ISO-8601 limit of the wait, at most backstream.scheduler.max-wait (default)")
            @Nullable @QueryValue String timeout) {
        Duration limit = waitLimit(timeout);
        if (body.target() == null || body.target().isBlank()) {
            throw Problems.invalid("target", "is required");
        }
        BackupType type = type(body.type());
        if (body.storage() != null && (body.storage().isBlank() || body.storage().length() > 128)) {
            throw Problems.invalid("storage", "must be 1 to 128 characters");
        }
        if (!caller.scope().permits(body.target()) || !targets.contains(body.target())) {
            throw Problems.notFound("Target '" + body.target()
                    + "' has not been announced by any worker on backup.targets");
        }
        BackupRequested request;
        try {
            request = engine.adHoc(body.target(), type, body.storage(), caller.name(), clock.instant());
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            int colon = message.indexOf(": ");
            throw Problems.invalid(message.substring(0, colon), message.substring(colon + 2));
        }
        String backupId = request.backupId();
        MutationAudit.record(caller, "backup.request", body.target() + " " + backupId);
        if (!wait) {
            return CompletableFuture.completedFuture(accepted(backupId));
        }
        return ledger.whenTerminal(backupId)
                .completeOnTimeout(null, limit.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(state -> state == null ? accepted(backupId) : HttpResponse.ok(view(state)));
    }

    private HttpResponse<BackupStatusView> accepted(String backupId) {
        BackupStatusView view = ledger.state(backupId).map(BackupController::view)
                .orElse(new BackupStatusView(backupId, LedgerStatus.REQUESTED.name(), null));
        return HttpResponse.<BackupStatusView>status(HttpStatus.ACCEPTED).body(view);
    }

    private static BackupStatusView view(BackupState state) {
        return new BackupStatusView(state.backupId(), state.status().name(), state.reason());
    }

    private Duration waitLimit(String timeout) {
        if (timeout == null) {
            return maxWait;
        }
        try {
            Duration limit = Duration.parse(timeout);
            if (!limit.isNegative() && !limit.isZero() && limit.compareTo(maxWait) <= 0) {
                return limit;
            }
        } catch (DateTimeParseException e) {
            // answered below with the field named
        }
        throw Problems.invalid("timeout",
                "must be an ISO-8601 duration above zero and at most " + maxWait + ", got '" + timeout + "'");
    }

    private static BackupType type(String type) {
        if (type == null) {
            return BackupType.FULL;
        }
        try {
            return BackupType.valueOf(type.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Problems.invalid("type", "must be FULL or INCREMENTAL, got '" + type + "'");
        }
    }
}
