package io.backstream.schema.catalog;

import java.time.Instant;
import java.util.List;

/** Backup outcomes per target over {@code window} (an ISO-8601 duration) ending now, starting at {@code since}. */
public record StatsView(String window, Instant since, List<TargetStatsView> targets) {
}
