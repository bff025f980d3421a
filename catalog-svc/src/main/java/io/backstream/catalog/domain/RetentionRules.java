package io.backstream.catalog.domain;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * The retention rules of one policy. A null count means no rule of that kind; {@code maxAge} is an ISO-8601
 * amount: date-based amounts ({@code P30D}, {@code P1Y2M}) are counted on the calendar of {@code zone}, time-based
 * ones ({@code PT36H}, {@code P1DT12H}) as exact durations.
 *
 * @param policyId the policy
 * @param zone     the policy's time zone: GFS buckets (days, ISO weeks, months, years) are counted in it
 */
public record RetentionRules(String policyId, ZoneId zone, Integer keepLast, Integer keepDaily, Integer keepWeekly,
                             Integer keepMonthly, Integer keepYearly, String maxAge) {

    public RetentionRules {
        Objects.requireNonNull(policyId, "policyId");
        zone = zone == null ? ZoneOffset.UTC : zone;
        nonNegative("keepLast", keepLast);
        nonNegative("keepDaily", keepDaily);
        nonNegative("keepWeekly", keepWeekly);
        nonNegative("keepMonthly", keepMonthly);
        nonNegative("keepYearly", keepYearly);
        if (maxAge != null) {
            cutoff(maxAge, Instant.EPOCH, ZoneOffset.UTC);
        }
    }

    /** Rules from a policy's time-zone id (null or blank for UTC). */
    public static RetentionRules of(String policyId, String timeZone, Integer keepLast, Integer keepDaily,
                                    Integer keepWeekly, Integer keepMonthly, Integer keepYearly, String maxAge) {
        ZoneId zone;
        try {
            zone = timeZone == null || timeZone.isBlank() ? ZoneOffset.UTC : ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("timeZone: unknown time zone '" + timeZone + "'", e);
        }
        return new RetentionRules(policyId, zone, keepLast, keepDaily, keepWeekly, keepMonthly, keepYearly, maxAge);
    }

    /** Whether any rule is set; a policy without rules keeps everything. */
    public boolean hasRules() {
        return keepLast != null || keepDaily != null || keepWeekly != null || keepMonthly != null
                || keepYearly != null || maxAge != null;
    }

    /** Whether any count rule (keepLast, keepDaily ... keepYearly) is set. */
    public boolean hasKeepRules() {
        return keepLast != null || keepDaily != null || keepWeekly != null || keepMonthly != null
                || keepYearly != null;
    }

    /** Backups created before the returned instant are older than {@code maxAge}; null without maxAge. */
    public Instant maxAgeCutoff(Instant now) {
        return maxAge == null ? null : cutoff(maxAge, now, zone);
    }

    private static Instant cutoff(String amount, Instant now, ZoneId zone) {
        Period period;
        try {
            period = Period.parse(amount);
        } catch (DateTimeParseException notDateBased) {
            period = null;
        }
        if (period != null) {
            if (period.isNegative()) {
                throw new IllegalArgumentException("maxAge: must not be negative, got " + amount);
            }
            return now.atZone(zone).minus(period).toInstant();
        } else {
            try {
                Duration duration = Duration.parse(amount);
                if (duration.isNegative()) {
                    throw new IllegalArgumentException("maxAge: must not be negative, got " + amount);
                }
                return now.minus(duration);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("maxAge: not an ISO-8601 duration: '" + amount + "'", e);
            }
        }
    }

    private static void nonNegative(String field, Integer value) {
        if (value != null && value < 0) {
            throw new IllegalArgumentException(field + ": must not be negative, got " + value);
        }
    }
}
