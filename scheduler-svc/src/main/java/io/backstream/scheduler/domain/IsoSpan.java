package io.backstream.scheduler.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * A positive ISO-8601 span: a {@link Duration} such as {@code PT36H} or {@code P7D}, or a calendar
 * {@link Period} such as {@code P1M} or {@code P1Y}. Calendar spans are added in a time zone.
 */
public final class IsoSpan {

    private final Duration duration;
    private final Period period;

    private IsoSpan(Duration duration, Period period) {
        this.duration = duration;
        this.period = period;
    }

    /**
     * Parses a span.
     *
     * @throws IllegalArgumentException if it is neither an ISO-8601 duration nor a period, or not positive
     */
    public static IsoSpan parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("must be an ISO-8601 duration such as PT12H, P7D or P1M");
        }
        try {
            Duration duration = Duration.parse(text);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("must be positive, got '" + text + "'");
            }
            return new IsoSpan(duration, null);
        } catch (DateTimeParseException notADuration) {
            try {
                Period period = Period.parse(text);
                if (period.isNegative() || period.isZero()) {
                    throw new IllegalArgumentException("must be positive, got '" + text + "'");
                }
                return new IsoSpan(null, period);
            } catch (DateTimeParseException notAPeriod) {
                throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 duration such as PT12H, P7D "
                        + "or P1M");
            }
        }
    }

    /** {@code instant} plus this span, calendar parts counted in {@code zone}. */
    public Instant addTo(Instant instant, ZoneId zone) {
        return duration != null ? instant.plus(duration) : instant.atZone(zone).plus(period).toInstant();
    }
}
