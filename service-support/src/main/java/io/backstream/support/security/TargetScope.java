package io.backstream.support.security;

import io.backstream.schema.Globs;

import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The target ids a caller may see: globs where {@code *} matches any run of characters and {@code ?} one
 * character (a tenant's {@code app-*}). No globs means every target. A request about a target outside the scope
 * is answered as if the target did not exist (404), so a caller does not learn which targets exist.
 */
public final class TargetScope {

    private static final TargetScope UNRESTRICTED = new TargetScope(List.of());

    private final List<String> globs;
    private final List<Pattern> patterns;

    private TargetScope(List<String> globs) {
        this.globs = List.copyOf(globs);
        this.patterns = this.globs.stream().map(Globs::compile).toList();
    }

    /** Every target. */
    public static TargetScope unrestricted() {
        return UNRESTRICTED;
    }

    /** The targets matching any of {@code globs}; empty means every target. */
    public static TargetScope of(Collection<String> globs) {
        return globs.isEmpty() ? UNRESTRICTED : new TargetScope(List.copyOf(globs));
    }

    /** Whether the caller may see target {@code targetId}; a null id (no target) only without restriction. */
    public boolean permits(String targetId) {
        if (patterns.isEmpty()) {
            return true;
        }
        return targetId != null && patterns.stream().anyMatch(pattern -> pattern.matcher(targetId).matches());
    }

    /** Whether this scope lets through every target. */
    public boolean isUnrestricted() {
        return patterns.isEmpty();
    }

    /** The globs, empty when unrestricted. */
    public List<String> globs() {
        return globs;
    }

    @Override
    public String toString() {
        return patterns.isEmpty() ? "every target" : String.join(",", globs);
    }
}
