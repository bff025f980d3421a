package io.backstream.catalog.domain;

import io.backstream.schema.BackupType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Restore-by-timestamp: which backups to apply to get a target back to its state at a point in time.
 *
 * <p>The rule: the newest COMPLETED FULL backup created at or before {@code at}, followed by the chain of
 * COMPLETED INCREMENTAL backups created up to {@code at} that descend from it through {@code parentBackupId},
 * in apply order. A chain stops where its next link is missing, failed, deleted or newer than {@code at}; where
 * two incrementals share a parent, the newer one is followed.
 */
public final class RestorePoints {

    private static final Comparator<Candidate> NEWEST_FIRST =
            Comparator.comparing(Candidate::createdAt).thenComparing(Candidate::id).reversed();

    private RestorePoints() {
    }

    /** The part of a backup the rule looks at. */
    public record Candidate(String id, BackupType type, BackupStatus status, String parentBackupId,
                            Instant createdAt) {
    }

    /** The backups to apply, full first; empty when no COMPLETED FULL backup exists at or before {@code at}. */
    public static Optional<List<Candidate>> resolve(Collection<Candidate> backups, Instant at) {
        List<Candidate> usable = backups.stream()
                .filter(b -> b.status() == BackupStatus.COMPLETED)
                .filter(b -> b.createdAt() != null && !b.createdAt().isAfter(at))
                .toList();
        Optional<Candidate> full = usable.stream()
                .filter(b -> b.type() == BackupType.FULL)
                .min(NEWEST_FIRST);
        if (full.isEmpty()) {
            return Optional.empty();
        }
        Map<String, List<Candidate>> children = usable.stream()
                .filter(b -> b.type() == BackupType.INCREMENTAL && b.parentBackupId() != null)
                .collect(Collectors.groupingBy(Candidate::parentBackupId));
        List<Candidate> chain = new ArrayList<>();
        Candidate link = full.get();
        while (link != null) {
            chain.add(link);
            link = children.getOrDefault(link.id(), List.of()).stream()
                    .min(NEWEST_FIRST)
                    .orElse(null);
            if (chain.size() > backups.size()) {
                throw new IllegalStateException("parentBackupId cycle at " + link);
            }
        }
        return Optional.of(List.copyOf(chain));
    }
}
