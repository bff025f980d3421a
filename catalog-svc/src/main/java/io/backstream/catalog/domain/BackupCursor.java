package io.backstream.catalog.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Objects;

/**
 * Position after the last row of a page of backups: the sort key (createdAt, microsecond precision) and id of
 * that row, and the sort direction it belongs to. Opaque to callers: {@link #encode()} and {@link #decode}
 * round-trip it; anything else is rejected.
 */
public record BackupCursor(Instant createdAt, String id, boolean descending) {

    private static final String VERSION = "1";

    public BackupCursor {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(id, "id");
        createdAt = createdAt.truncatedTo(ChronoUnit.MICROS);
    }

    /** URL-safe text form. */
    public String encode() {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, createdAt);
        String plain = VERSION + '|' + (descending ? 'd' : 'a') + '|' + micros + '|' + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Parses a cursor made by {@link #encode()}.
     *
     * @throws IllegalArgumentException if {@code text} is not such a cursor
     */
    public static BackupCursor decode(String text) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            String[] parts = plain.split("\\|", 4);
            if (parts.length != 4 || !VERSION.equals(parts[0]) || parts[3].isEmpty()
                    || !("d".equals(parts[1]) || "a".equals(parts[1]))) {
                throw new IllegalArgumentException("not a backup cursor");
            }
            Instant createdAt = Instant.EPOCH.plus(Long.parseLong(parts[2]), ChronoUnit.MICROS);
            return new BackupCursor(createdAt, parts[3], "d".equals(parts[1]));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a backup cursor", e);
        }
    }
}
