package io.backstream.schema.catalog;

import jakarta.annotation.Nullable;

import java.util.List;

/** A backup's place in its incremental chain: the backup it builds on and the ones built on it. */
public record Chain(@Nullable String parentBackupId, List<String> childIds) {
}
