package io.backstream.catalog.domain;

/**
 * A lifecycle event that disagrees with what the catalog already knows about its backup id (a forged, replayed
 * or mistaken event). The catalog applies nothing of it; the listener dead-letters it with {@link #reason()}.
 */
public final class LifecycleEventRefused extends RuntimeException {

    private final String reason;

    LifecycleEventRefused(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /** A short machine-readable reason, one of the {@link LifecycleChecks} constants. */
    public String reason() {
        return reason;
    }
}
