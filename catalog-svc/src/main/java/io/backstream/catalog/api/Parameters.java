package io.backstream.catalog.api;

import io.backstream.support.api.Problems;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Parsing of query parameters into 400 problems that name the parameter. */
final class Parameters {

    private Parameters() {
    }

    static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw Problems.invalid(name, "not an ISO-8601 date-time with offset, e.g. 2026-11-21T10:00:00Z: "
                    + abbreviate(value));
        }
    }

    static Duration duration(String name, String value, Duration fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            Duration parsed;
            if (value.contains("T")) {
                parsed = Duration.parse(value);
            } else {
                Period period = Period.parse(value);
                parsed = period.toTotalMonths() == 0 ? Duration.ofDays(period.getDays()) : null;
            }
            if (parsed == null || parsed.isNegative() || parsed.isZero()) {
                throw Problems.invalid(name, "must be a positive ISO-8601 duration in days or time, e.g. P7D");
            }
            return parsed;
        } catch (DateTimeParseException e) {
            throw Problems.invalid(name, "not an ISO-8601 duration, e.g. P7D or PT12H: " + abbreviate(value));
        }
    }

    static int limit(String name, String value, int fallback, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit < 1 || limit > max) {
                throw Problems.invalid(name, "must be between 1 and " + max + ", got " + limit);
            }
            return limit;
        } catch (NumberFormatException e) {
            throw Problems.invalid(name, "not a number: " + abbreviate(value));
        }
    }

    static <E extends Enum<E>> E enumValue(String name, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Problems.invalid(name, "must be one of " + Arrays.stream(type.getEnumConstants())
                    .map(Enum::name).collect(Collectors.joining(", ")) + ", got " + abbreviate(value));
        }
    }

    static String text(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** Echoes at most 64 characters of a bad value, so an error never carries an arbitrary payload back. */
    private static String abbreviate(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "...";
    }
}
