package io.backstream.ctl;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Human renderings of sizes, rates, durations and times for tables and progress lines. */
public final class Format {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private Format() {
    }

    /** {@code 0 B}, {@code 512 B}, {@code 1.5 KiB}, {@code 3.0 GiB}: binary units, one decimal above bytes. */
    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    /** {@code 45s}, {@code 3m05s}, {@code 2h07m}. */
    public static String duration(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }

    /** {@code instant} as {@code 2026-11-21 10:00:00Z}, null as empty. */
    public static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    /** An RFC 3339 instant from a service as {@code 2026-11-21 10:00:00Z}; other text unchanged, null as empty. */
    public static String time(String instant) {
        if (instant == null || instant.isEmpty()) {
            return "";
        }
        try {
            return TIME.format(Instant.parse(instant));
        } catch (DateTimeParseException e) {
            return instant;
        }
    }
}
