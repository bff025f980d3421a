package io.backstream.catalog.domain;

import io.backstream.schema.BackupType;

import java.time.Instant;
import java.util.List;

/**
 * A page request over backups. Null filters match everything; {@code from} is inclusive and {@code to}
 * exclusive, both on createdAt; {@code after} continues a previous page in the same direction. {@code targetGlobs}
 * limits the page to the targets a caller may see ({@code *} and {@code ?} globs); empty means every target.
 */
public record BackupQuery(String targetId, String policyId, BackupStatus status, BackupType type, Instant from,
                          Instant to, boolean descending, BackupCursor after, int limit, List<String> targetGlobs) {

    public BackupQuery {
        targetGlobs = targetGlobs == null ? List.of() : List.copyOf(targetGlobs);
    }
}
