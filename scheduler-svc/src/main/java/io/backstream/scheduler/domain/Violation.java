package io.backstream.scheduler.domain;

/**
 * One broken rule of a policy or request.
 *
 * @param field   JSON path of the offending field, e.g. {@code targets[1]} or {@code retention.maxAge}
 * @param message what is wrong, safe to show to the caller
 */
public record Violation(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
