package io.backstream.schema.catalog;

import java.time.Instant;
import java.util.List;

/**
 * The backups to restore for a point in time, in apply order (the full backup first); the summaries carry no
 * location, so a reader looks each one up by id.
 */
public record RestorePointView(String targetId, Instant at, List<BackupSummary> backups) {
}
