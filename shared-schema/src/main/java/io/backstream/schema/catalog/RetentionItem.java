package io.backstream.schema.catalog;

import jakarta.annotation.Nullable;

import java.time.Instant;

/** One backup's retention decision: {@code decision} is keep or delete, {@code rule} what decided it. */
public record RetentionItem(String backupId, @Nullable String targetId, Instant createdAt, @Nullable String type,
                            String status, String decision, String rule) {
}
