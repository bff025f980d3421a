package io.backstream.catalog.api;

import io.micronaut.http.HttpStatus;
import io.micronaut.problem.HttpStatusType;
import org.zalando.problem.Problem;
import org.zalando.problem.ThrowableProblem;

import java.net.URI;

/** problem+json errors of the catalog API; a bad request names the offending parameter in {@code parameter}. */
final class ApiProblems {

    private static final URI BAD_PARAMETER = URI.create("https://backstream.io/problems/bad-parameter");
    private static final URI NOT_FOUND = URI.create("https://backstream.io/problems/not-found");

    private ApiProblems() {
    }

    static ThrowableProblem badParameter(String parameter, String detail) {
        return Problem.builder()
                .withType(BAD_PARAMETER)
                .withTitle("Bad Request")
                .withStatus(new HttpStatusType(HttpStatus.BAD_REQUEST))
                .withDetail(parameter + ": " + detail)
                .with("parameter", parameter)
                .build();
    }

    static ThrowableProblem notFound(String detail) {
        return Problem.builder()
                .withType(NOT_FOUND)
                .withTitle("Not Found")
                .withStatus(new HttpStatusType(HttpStatus.NOT_FOUND))
                .withDetail(detail)
                .build();
    }
}
