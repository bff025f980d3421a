package io.backstream.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * The bounds of a backup's warnings list ({@code SnapshotCompleted.warnings}, the manifest's {@code warnings}),
 * the same as their schemas' {@code maxItems} and {@code maxLength}: a tree with thousands of sockets or very
 * long paths still yields an event every consumer accepts and the catalog can store.
 */
public final class Warnings {

    /** Most warnings kept; the last one then says how many more there were. */
    public static final int MAX_COUNT = 100;
    /** Longest warning kept, in characters. */
    public static final int MAX_LENGTH = 1024;

    private Warnings() {
    }

    /** {@code warnings} with each cut to {@link #MAX_LENGTH} and at most {@link #MAX_COUNT} of them; null is empty. */
    public static List<String> bounded(List<String> warnings) {
        if (warnings == null) {
            return List.of();
        }
        List<String> kept = new ArrayList<>(Math.min(warnings.size(), MAX_COUNT));
        int listed = warnings.size() <= MAX_COUNT ? warnings.size() : MAX_COUNT - 1;
        for (int i = 0; i < listed; i++) {
            kept.add(BoundedText.cut(warnings.get(i), MAX_LENGTH));
        }
        if (listed < warnings.size()) {
            kept.add((warnings.size() - listed) + " more warnings not listed");
        }
        return List.copyOf(kept);
    }
}
