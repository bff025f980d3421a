package io.backstream.scheduler.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * Body of {@code POST /v1/backups}.
 *
 * @param target  an announced target id (required)
 * @param type    {@code FULL} (default) or {@code INCREMENTAL}
 * @param storage name of the storage to write to; null = the worker's default
 */
@Serdeable
public record AdHocBackupRequest(@Nullable String target, @Nullable String type, @Nullable String storage) {
}
