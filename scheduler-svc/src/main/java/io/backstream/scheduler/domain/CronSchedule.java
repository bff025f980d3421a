package io.backstream.scheduler.domain;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed schedule: a 5-field Unix cron expression or one of the macros {@code @yearly}, {@code @annually},
 * {@code @monthly}, {@code @weekly}, {@code @daily}, {@code @midnight}, {@code @hourly}. Immutable and thread-safe.
 *
 * <p>Slots are wall-clock times in a time zone. Across daylight-saving transitions a slot fires once: a local
 * time inside a spring-forward gap fires at the instant java.time maps it to (shifted forward by the gap, so
 * {@code 02:30} becomes {@code 03:30} summer time), and a local time that occurs twice in a fall-back overlap
 * fires at its first occurrence only.
 */
public final class CronSchedule {

    private static final CronParser PARSER =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");
    /** Wider than any real zone transition, so that slots around a transition are never missed. */
    private static final Duration TRANSITION_MARGIN = Duration.ofHours(3);

    private final String expression;
    private final ExecutionTime executionTime;

    private CronSchedule(String expression, Cron cron) {
        this.expression = expression;
        this.executionTime = ExecutionTime.forCron(cron);
    }

    /**
     * Parses a schedule.
     *
     * @throws IllegalArgumentException with a message saying what is wrong (never null)
     */
    public static CronSchedule parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("must be a 5-field cron expression or a macro such as @daily");
        }
        String trimmed = expression.trim();
        String cron = trimmed.startsWith("@") ? MACROS.get(trimmed.toLowerCase(Locale.ROOT)) : trimmed;
        if (cron == null) {
            throw new IllegalArgumentException("unknown macro '" + trimmed + "' (known: " + String.join(", ",
                    MACROS.keySet().stream().sorted().toList()) + ")");
        }
        if (cron.split("\\s+").length != 5) {
            throw new IllegalArgumentException("'" + trimmed + "' must have 5 fields (minute hour day-of-month month "
                    + "day-of-week) or be a macro such as @daily");
        }
        try {
            return new CronSchedule(trimmed, PARSER.parse(cron));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + trimmed + "' is not a valid cron expression: " + e.getMessage(), e);
        }
    }

    /** The expression as written (trimmed). */
    public String expression() {
        return expression;
    }

    /** The latest slot in {@code (fromExclusive, toInclusive]}, evaluated in {@code zone}. */
    public Optional<Instant> latestIn(Instant fromExclusive, Instant toInclusive, ZoneId zone) {
        Instant latest = null;
        LocalDateTime end = LocalDateTime.ofInstant(toInclusive, zone).plus(TRANSITION_MARGIN);
        // Iterate wall-clock times (in a zone without transitions) and map each to its instant in the policy zone.
        ZonedDateTime cursor = LocalDateTime.ofInstant(fromExclusive, zone).minus(TRANSITION_MARGIN)
                .atZone(ZoneOffset.UTC);
        while (true) {
            Optional<ZonedDateTime> next = executionTime.nextExecution(cursor);
            if (next.isEmpty() || next.get().toLocalDateTime().isAfter(end)) {
                return Optional.ofNullable(latest);
            }
            cursor = next.get();
            Instant slot = ZonedDateTime.ofLocal(cursor.toLocalDateTime(), zone, null).toInstant();
            if (slot.isAfter(fromExclusive) && !slot.isAfter(toInclusive)
                    && (latest == null || slot.isAfter(latest))) {
                latest = slot;
            }
        }
    }

    @Override
    public String toString() {
        return expression;
    }
}
