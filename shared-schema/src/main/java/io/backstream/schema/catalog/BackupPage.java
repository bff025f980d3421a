package io.backstream.schema.catalog;

import jakarta.annotation.Nullable;

import java.util.List;

/** A page of backups; pass {@code nextCursor} as {@code cursor} for the next page (absent on the last). */
public record BackupPage(List<BackupSummary> items, @Nullable String nextCursor) {
}
