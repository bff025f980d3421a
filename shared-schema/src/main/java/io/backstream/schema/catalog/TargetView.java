package io.backstream.schema.catalog;

import jakarta.annotation.Nullable;

import java.time.Instant;

/** A target with its newest backup and newest success. */
public record TargetView(String id, @Nullable String workerId, @Nullable String kind, @Nullable String description,
                         Instant announcedAt, @Nullable BackupSummary lastBackup,
                         @Nullable BackupSummary lastSuccess) {
}
