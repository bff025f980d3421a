package io.backstream.support.security;

import io.backstream.support.api.Problems;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import io.micronaut.web.router.RouteAttributes;
import jakarta.inject.Singleton;
import org.zalando.problem.ThrowableProblem;

import java.util.Arrays;
import java.util.List;

/**
 * Answers a refused request in the APIs' common problem+json shape: 401 with {@code WWW-Authenticate: Bearer}
 * (RFC 6750; {@code error="invalid_token"} when a token was presented but not accepted) when there is no valid
 * token, 403 naming the role the endpoint needs when the token lacks it. The detail never repeats the token.
 */
@Singleton
@Produces
@Replaces(DefaultAuthorizationExceptionHandler.class)
public class AuthorizationProblemHandler implements ExceptionHandler<AuthorizationException, MutableHttpResponse<?>> {

    static final String REALM = "Bearer realm=\"backstream\"";

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException exception) {
        if (exception.isForbidden()) {
            String needed = neededRole(request);
            ThrowableProblem problem = Problems.forbidden(request.getMethod() + " " + request.getPath() + " needs the role "
                    + needed + "; " + MutationAudit.clean(exception.getAuthentication().getName()) + " has "
                    + Roles.expand(exception.getAuthentication().getRoles()));
            return respond(HttpStatus.FORBIDDEN, REALM + ", error=\"insufficient_scope\"", problem);
        }
        boolean presented = request.getHeaders().getAuthorization().isPresent();
        ThrowableProblem problem = Problems.unauthorized(presented
                ? "the bearer token is not valid (unknown, expired or badly signed)"
                : "this request needs a bearer token: Authorization: Bearer <token>");
        return respond(HttpStatus.UNAUTHORIZED, presented ? REALM + ", error=\"invalid_token\"" : REALM, problem);
    }

    private static MutableHttpResponse<?> respond(HttpStatus status, String challenge, ThrowableProblem problem) {
        return HttpResponse.status(status)
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .contentType(MediaType.APPLICATION_JSON_PROBLEM_TYPE)
                .body(problem);
    }

    /** The lowest role {@code @Secured} on the route names, for the 403's detail. */
    private static String neededRole(HttpRequest<?> request) {
        List<String> secured = RouteAttributes.getRouteMatch(request)
                .flatMap(route -> route.getAnnotationMetadata().getValue(Secured.class, String[].class))
                .map(Arrays::asList)
                .orElse(List.of());
        for (int i = Roles.ALL.size() - 1; i >= 0; i--) {
            if (secured.contains(Roles.ALL.get(i))) {
                return Roles.ALL.get(i);
            }
        }
        return secured.isEmpty() ? "another role" : String.join(" or ", secured);
    }
}
