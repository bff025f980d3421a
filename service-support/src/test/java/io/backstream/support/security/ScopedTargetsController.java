package io.backstream.support.security;

import io.backstream.support.api.Problems;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;

import java.util.Map;

/** A controller shaped like the services' ones, for {@link ApiSecurityTest}: a scoped read and an admin mutation. */
@Controller("/test/targets")
@Secured(Roles.VIEWER)
class ScopedTargetsController {

    @Get("/{id}")
    Map<String, Object> target(String id, Caller caller) {
        if (!caller.scope().permits(id)) {
            throw Problems.notFound("target " + id + " is not known");
        }
        return Map.of("id", id, "caller", caller.name(), "roles", caller.roles());
    }

    @Post("/{id}")
    @Secured(Roles.ADMIN)
    HttpResponse<?> replace(String id, Caller caller) {
        MutationAudit.record(caller, "target.replace", id);
        return HttpResponse.noContent();
    }
}
