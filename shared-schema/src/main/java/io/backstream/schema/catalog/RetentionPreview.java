package io.backstream.schema.catalog;

import java.time.Instant;
import java.util.List;

/** The retention dry run of one policy, decisions newest first. */
public record RetentionPreview(String policyId, String timeZone, Instant evaluatedAt, List<RetentionItem> backups) {
}
