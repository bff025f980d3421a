package io.backstream.schema.catalog;

import jakarta.annotation.Nullable;

import java.time.Instant;

/** The newest restore drill of a backup: {@code status} VERIFIED or FAILED, and {@code reason} when it failed. */
public record VerificationView(String status, Instant at, @Nullable String restoreId, @Nullable String reason) {
}
