package io.backstream.catalog.api;

import io.backstream.catalog.domain.Backup;
import io.backstream.catalog.domain.RestorePoints;
import io.backstream.catalog.domain.Target;
import io.backstream.catalog.persistence.BackupStore;
import io.backstream.catalog.persistence.TargetStore;
import io.backstream.schema.catalog.RestorePointView;
import io.backstream.schema.catalog.TargetList;
import io.backstream.schema.catalog.TargetView;
import io.backstream.support.api.Problems;
import io.backstream.support.security.Caller;
import io.backstream.support.security.Roles;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Announced targets with their newest backup and success, and restore-point resolution; a caller limited to some
 * targets sees only those.
 */
@Secured(Roles.VIEWER)
@Controller("/v1/targets")
@Tag(name = "targets")
public class TargetsController {

    private final TargetStore store;
    private final BackupStore backups;

    TargetsController(TargetStore store, BackupStore backups) {
        this.store = store;
        this.backups = backups;
    }

    @Get
    @Operation(summary = "Every announced target: owning worker, kind, last backup, last success")
    TargetList list(Caller caller) {
        return new TargetList(store.targets().stream().filter(target -> caller.scope().permits(target.id()))
                .map(this::view).toList());
    }

    @Get("/{id}")
    @Operation(summary = "One target")
    @ApiResponse(responseCode = "404", description = "No target with this id was announced; problem+json")
    TargetView get(Caller caller, @PathVariable String id) {
        return view(store.findTarget(id).filter(target -> caller.scope().permits(target.id()))
                .orElseThrow(() -> Problems.notFound("No target with id " + id + " was announced")));
    }

    @Get("/{id}/restore-point")
    @Operation(summary = "Backups to restore for a point in time",
            description = "The newest COMPLETED FULL backup created at or before `at`, followed by its COMPLETED "
                    + "INCREMENTAL descendants created up to `at`, in apply order.")
    @ApiResponse(responseCode = "400", description = "`at` is missing or not ISO-8601; problem+json")
    @ApiResponse(responseCode = "404", description = "No complete full backup at or before `at`; problem+json")
    RestorePointView restorePoint(Caller caller, @PathVariable String id, @Nullable @QueryValue String at) {
        Instant pointInTime = Parameters.instant("at", at);
        if (pointInTime == null) {
            throw Problems.invalid("at", "is required, e.g. 2026-11-21T10:00:00Z");
        }
        if (!caller.scope().permits(id)) {
            throw noRestorePoint(id, pointInTime);
        }
        Map<String, Backup> candidates = backups.restorePointCandidates(id, pointInTime).stream()
                .collect(Collectors.toMap(Backup::id, Function.identity()));
        List<RestorePoints.Candidate> chain = RestorePoints.resolve(candidates.values().stream()
                        .map(TargetsController::candidate).toList(), pointInTime)
                .orElseThrow(() -> noRestorePoint(id, pointInTime));
        return new RestorePointView(id, pointInTime, chain.stream()
                .map(c -> Views.summary(candidates.get(c.id())))
                .toList());
    }

    private static RuntimeException noRestorePoint(String id, Instant pointInTime) {
        return Problems.notFound("Target " + id + " has no COMPLETED FULL backup at or before " + pointInTime);
    }

    private static RestorePoints.Candidate candidate(Backup b) {
        return new RestorePoints.Candidate(b.id(), b.type(), b.status(), b.parentBackupId(), b.createdAt());
    }

    private TargetView view(Target target) {
        return Views.target(target, backups.lastBackup(target.id()).orElse(null),
                backups.lastSuccess(target.id()).orElse(null));
    }
}
