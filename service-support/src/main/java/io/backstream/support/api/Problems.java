package io.backstream.support.api;

import org.zalando.problem.Problem;
import org.zalando.problem.ProblemBuilder;
import org.zalando.problem.Status;
import org.zalando.problem.ThrowableProblem;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one shape of every error the Backstream HTTP APIs answer, thrown from controllers and written as RFC 9457
 * problem+json by {@link ProblemSerializer}. Callers can rely on: {@code type}, a {@code backstream.io/problems}
 * URI naming the kind of error, with a {@code title} fixed per type; a numeric {@code status}; a {@code detail}
 * that starts with the field or object at fault ({@code "limit: must be between 1 and 500"}); and, for 400 only,
 * {@code violations}, a list of {@code {field, message}} naming every bad field. {@code detail} never echoes secrets:
 * callers pass only what is safe to show.
 */
public final class Problems {

    /** 400: the request broke one or more rules; {@code violations} names each field. */
    public static final URI INVALID_REQUEST = URI.create("https://backstream.io/problems/invalid-request");
    /** 404: the id or name in the path (or a parameter) names nothing this service knows. */
    public static final URI NOT_FOUND = URI.create("https://backstream.io/problems/not-found");
    /** 401: no bearer token, or one that no token file entry or JWKS key accepts. */
    public static final URI UNAUTHORIZED = URI.create("https://backstream.io/problems/unauthorized");
    /** 403: the token is valid but lacks the role the request needs. */
    public static final URI FORBIDDEN = URI.create("https://backstream.io/problems/forbidden");
    /** 409: the request is valid but the thing it names is not in a state that allows it. */
    public static final URI CONFLICT = URI.create("https://backstream.io/problems/conflict");
    /** 502: a service or object storage this service depends on failed. */
    public static final URI UPSTREAM_FAILED = URI.create("https://backstream.io/problems/upstream-failed");

    /**
     * One broken rule of a request.
     *
     * @param field   JSON path of the offending field or the parameter's name, e.g. {@code targets[1]} or {@code limit}
     * @param message what is wrong, safe to show to the caller
     */
    public record FieldError(String field, String message) {

        /**
         * The field a JSON-Schema error of {@code EventValidator} names: {@code /retention/keepLast: ...} gives
         * {@code retention.keepLast} and {@code /targets/0: ...} gives {@code targets[0]}.
         */
        public static FieldError fromSchemaError(String error) {
            int colon = error.indexOf(": ");
            String pointer = colon < 0 ? "/" : error.substring(0, colon);
            String message = colon < 0 ? error : error.substring(colon + 2);
            StringBuilder field = new StringBuilder();
            for (String segment : pointer.split("/")) {
                if (segment.isEmpty()) {
                    continue;
                }
                if (segment.chars().allMatch(Character::isDigit)) {
                    field.append('[').append(segment).append(']');
                } else {
                    field.append(field.length() == 0 ? "" : ".").append(segment);
                }
            }
            return new FieldError(field.length() == 0 ? "body" : field.toString(), message);
        }

        @Override
        public String toString() {
            return field + ": " + message;
        }
    }

    private Problems() {
    }

    /** 400 for one bad field. */
    public static ThrowableProblem invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    /** 400 listing every error in {@code detail} (separated by {@code ; }) and as {@code violations}. */
    public static ThrowableProblem invalid(List<FieldError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an invalid request names at least one field");
        }
        List<Map<String, String>> violations = errors.stream().map(error -> {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("field", error.field());
            entry.put("message", error.message());
            return entry;
        }).toList();
        return problem(INVALID_REQUEST, "Invalid request", Status.BAD_REQUEST,
                errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")))
                .with("violations", violations)
                .build();
    }

    /** 404 saying what was not found. */
    public static ThrowableProblem notFound(String detail) {
        return problem(NOT_FOUND, "Not found", Status.NOT_FOUND, detail).build();
    }

    /** 401 saying what was wrong with the credentials (never echoing them). */
    public static ThrowableProblem unauthorized(String detail) {
        return problem(UNAUTHORIZED, "Unauthorized", Status.UNAUTHORIZED, detail).build();
    }

    /** 403 saying which role the request needs. */
    public static ThrowableProblem forbidden(String detail) {
        return problem(FORBIDDEN, "Forbidden", Status.FORBIDDEN, detail).build();
    }

    /** 409 saying what state the named thing is in. */
    public static ThrowableProblem conflict(String detail) {
        return problem(CONFLICT, "Conflict", Status.CONFLICT, detail).build();
    }

    /** 502 saying which dependency failed and how. */
    public static ThrowableProblem upstreamFailed(String detail) {
        return problem(UPSTREAM_FAILED, "Upstream failed", Status.BAD_GATEWAY, detail).build();
    }

    private static ProblemBuilder problem(URI type, String title, Status status, String detail) {
        return Problem.builder().withType(type).withTitle(title).withStatus(status).withDetail(detail);
    }
}
