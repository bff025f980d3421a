package io.backstream.catalog.api;

import io.backstream.catalog.persistence.RestoreStore;
import io.backstream.schema.catalog.RestoreList;
import io.backstream.schema.catalog.RestoreView;
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

/** Restores as reported on restore.events; a caller limited to some targets sees only their restores. */
@Secured(Roles.VIEWER)
@Controller("/v1/restores")
@Tag(name = "restores")
public class RestoresController {

    private final RestoreStore store;

    RestoresController(RestoreStore store) {
        this.store = store;
    }

    @Get
    @Operation(summary = "Restores, newest first")
    @ApiResponse(responseCode = "400", description = "`limit` is not 1 to 500; problem+json")
    RestoreList list(Caller caller, @Nullable @QueryValue String limit) {
        int size = Parameters.limit("limit", limit, CatalogBackupsController.DEFAULT_LIMIT, CatalogBackupsController.MAX_LIMIT);
        return new RestoreList(store.restores(size, caller.scope().globs()).stream().map(Views::restore).toList());
    }

    @Get("/{id}")
    @Operation(summary = "One restore")
    @ApiResponse(responseCode = "404", description = "No restore with this id; problem+json")
    RestoreView get(Caller caller, @PathVariable String id) {
        return Views.restore(store.findRestore(id).filter(restore -> caller.scope().permits(restore.targetId()))
                .orElseThrow(() -> Problems.notFound("No restore with id " + id)));
    }
}
