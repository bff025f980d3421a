package io.backstream.scheduler.api;

import io.backstream.scheduler.domain.Violation;
import org.zalando.problem.Problem;
import org.zalando.problem.Status;
import org.zalando.problem.ThrowableProblem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** problem+json answers of the scheduler API; details name the offending field and never echo secrets. */
final class Problems {

    private Problems() {
    }

    /** 400 listing every violation in {@code detail} and as {@code violations[{field, message}]}. */
    static ThrowableProblem badRequest(String title, List<Violation> violations) {
        List<Map<String, String>> list = violations.stream().map(violation -> {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("field", violation.field());
            entry.put("message", violation.message());
            return entry;
        }).toList();
        return Problem.builder()
                .withStatus(Status.BAD_REQUEST)
                .withTitle(title)
                .withDetail(violations.stream().map(Violation::toString).collect(Collectors.joining("; ")))
                .with("violations", list)
                .build();
    }

    /** 404 with {@code detail}. */
    static ThrowableProblem notFound(String title, String detail) {
        return Problem.builder().withStatus(Status.NOT_FOUND).withTitle(title).withDetail(detail).build();
    }

    /**
     * The field a JSON-Schema error pointer names, e.g. {@code /retention/keepLast: ...} gives
     * {@code retention.keepLast} and {@code /targets/0: ...} gives {@code targets[0]}.
     */
    static Violation fromSchemaError(String error) {
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
        return new Violation(field.length() == 0 ? "body" : field.toString(), message);
    }
}
