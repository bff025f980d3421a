package io.backstream.scheduler.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * Answer of {@code POST /v1/backups}.
 *
 * @param backupId the id to follow on {@code backup.events} and in the catalog
 * @param status   REQUESTED, SNAPSHOTTING, UPLOADING, COMPLETED, FAILED or SKIPPED
 * @param reason   why it failed or was skipped, else null
 */
@Serdeable
public record BackupStatusView(String backupId, String status, @Nullable String reason) {
}
