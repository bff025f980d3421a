package io.backstream.restore.api;

import io.micronaut.http.HttpStatus;
import io.micronaut.problem.HttpStatusType;
import org.zalando.problem.Problem;
import org.zalando.problem.ThrowableProblem;

/**
 * problem+json answers of the restore API, thrown from controllers; {@code detail} starts with the field or object
 * at fault. service-support's {@code ProblemSerializer} writes them in the RFC 9457 shape.
 */
final class Problems {

    private Problems() {
    }

    static ThrowableProblem of(HttpStatus status, String detail) {
        return Problem.builder()
                .withTitle(status.getReason())
                .withStatus(new HttpStatusType(status))
                .withDetail(detail)
                .build();
    }
}
