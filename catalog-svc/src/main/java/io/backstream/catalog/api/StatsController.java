package io.backstream.catalog.api;

import io.backstream.catalog.persistence.BackupStore;
import io.backstream.schema.catalog.StatsView;
import io.backstream.support.security.Caller;
import io.backstream.support.security.Roles;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Per-target backup statistics over a window, of the targets the caller may see. */
@Secured(Roles.VIEWER)
@Controller("/v1/stats")
@Tag(name = "stats")
public class StatsController {

    private final BackupStore store;
    private final Clock clock;

    StatsController(BackupStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Get
    @Operation(summary = "Per target: runs, completed, failed, skipped, stored bytes, success rate, last success",
            description = "Over backups created within `window` (ISO-8601 duration, default P7D) before now.")
    @ApiResponse(responseCode = "400", description = "`window` is not a positive duration; problem+json")
    StatsView stats(Caller caller, @Nullable @QueryValue String window) {
        Duration span = Parameters.duration("window", window, Duration.ofDays(7));
        Instant since = clock.instant().minus(span);
        return new StatsView(span.toString(), since,
                store.stats(since).stream().filter(stats -> caller.scope().permits(stats.targetId()))
                        .map(Views::stats).toList());
    }
}
