package io.backstream.catalog.domain;

import java.time.Instant;

/** Outcome of the latest verification drill of a backup; {@code reason} is null when it passed. */
public record Verification(Status status, Instant at, String restoreId, String reason) {

    /** Verification outcomes. */
    public enum Status {
        VERIFIED,
        FAILED
    }
}
