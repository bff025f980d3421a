package io.backstream.scheduler.domain;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Target ids announced by workers on {@code backup.targets}. Thread-safe. */
public final class KnownTargets {

    private final Set<String> targets = ConcurrentHashMap.newKeySet();

    /** Records an announced target. */
    public void announce(String targetId) {
        targets.add(targetId);
    }

    /** Forgets a target whose announcement was deleted (tombstone). */
    public void withdraw(String targetId) {
        targets.remove(targetId);
    }

    /** Whether a worker has announced this target. */
    public boolean contains(String targetId) {
        return targets.contains(targetId);
    }
}
