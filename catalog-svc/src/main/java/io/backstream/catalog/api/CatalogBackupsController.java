package io.backstream.catalog.api;

import io.backstream.catalog.domain.Backup;
import io.backstream.catalog.domain.BackupCursor;
import io.backstream.catalog.domain.BackupQuery;
import io.backstream.catalog.domain.BackupStatus;
import io.backstream.catalog.persistence.BackupStore;
import io.backstream.schema.BackupType;
import io.backstream.schema.catalog.BackupDetail;
import io.backstream.schema.catalog.BackupPage;
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
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;

/**
 * The backup index: list with filters and cursor pagination, and the details of one backup. A caller limited to
 * some targets sees only their backups; any other backup is unknown to it.
 */
@Secured(Roles.VIEWER)
@Controller("/v1/backups")
@Tag(name = "backups")
public class CatalogBackupsController {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final BackupStore store;

    CatalogBackupsController(BackupStore store) {
        this.store = store;
    }

    @Get
    @Operation(summary = "List backups",
            description = "Filters combine with AND; from (inclusive) and to (exclusive) apply to createdAt. "
                    + "Pages are stable while backups are added: pass nextCursor as cursor with the same filters.")
    @ApiResponse(responseCode = "200", description = "A page of backups")
    @ApiResponse(responseCode = "400", description = "A parameter is invalid; problem+json naming it")
    BackupPage list(Caller caller,
                          @Nullable @QueryValue @Parameter(description = "target id") String target,
                          @Nullable @QueryValue @Parameter(description = "policy id") String policy,
                          @Nullable @QueryValue @Parameter(description = "REQUESTED, SNAPSHOTTING, UPLOADING, "
                                  + "COMPLETED, FAILED, SKIPPED, DELETING, PARTLY_DELETED or DELETED") String status,
                          @Nullable @QueryValue @Parameter(description = "FULL or INCREMENTAL") String type,
                          @Nullable @QueryValue @Parameter(description = "ISO-8601, inclusive") String from,
                          @Nullable @QueryValue @Parameter(description = "ISO-8601, exclusive") String to,
                          @Nullable @QueryValue @Parameter(description = "createdAt:desc (default) or createdAt:asc")
                          String sort,
                          @Nullable @QueryValue @Parameter(description = "nextCursor of the previous page") String cursor,
                          @Nullable @QueryValue @Parameter(description = "1 to 500, default 50") String limit) {
        boolean descending = descending(sort);
        BackupCursor after = null;
        if (Parameters.text(cursor) != null) {
            try {
                after = BackupCursor.decode(cursor);
            } catch (IllegalArgumentException e) {
                throw Problems.invalid("cursor", "not a cursor returned by this API");
            }
            if (after.descending() != descending) {
                throw Problems.invalid("cursor", "belongs to the other sort order");
            }
        }
        Instant fromTime = Parameters.instant("from", from);
        Instant toTime = Parameters.instant("to", to);
        if (fromTime != null && toTime != null && !fromTime.isBefore(toTime)) {
            throw Problems.invalid("to", "must be after from");
        }
        int pageSize = Parameters.limit("limit", limit, DEFAULT_LIMIT, MAX_LIMIT);
        BackupQuery query = new BackupQuery(Parameters.text(target), Parameters.text(policy),
                Parameters.enumValue("status", status, BackupStatus.class),
                Parameters.enumValue("type", type, BackupType.class), fromTime, toTime, descending, after,
                pageSize + 1, caller.scope().globs());
        List<Backup> rows = store.listBackups(query);
        List<Backup> page = rows.size() > pageSize ? rows.subList(0, pageSize) : rows;
        String next = null;
        if (rows.size() > pageSize) {
            Backup last = page.get(page.size() - 1);
            next = new BackupCursor(last.createdAt(), last.id(), descending).encode();
        }
        return new BackupPage(page.stream().map(Views::summary).toList(), next);
    }

    @Get("/{id}")
    @Operation(summary = "One backup: sizes, durations, checksums, object location, manifest summary, chain, "
            + "verification")
    @ApiResponse(responseCode = "200", description = "The backup")
    @ApiResponse(responseCode = "404", description = "No backup with this id; problem+json")
    BackupDetail get(Caller caller, @PathVariable String id) {
        Backup backup = store.findBackup(id).filter(found -> caller.scope().permits(found.targetId()))
                .orElseThrow(() -> Problems.notFound("No backup with id " + id));
        return Views.detail(backup, store.childrenOf(id));
    }

    private static boolean descending(String sort) {
        if (Parameters.text(sort) == null) {
            return true;
        }
        return switch (sort.trim()) {
            case "createdAt:desc", "-createdAt" -> true;
            case "createdAt:asc", "createdAt" -> false;
            default -> throw Problems.invalid("sort", "must be createdAt:desc or createdAt:asc");
        };
    }
}
