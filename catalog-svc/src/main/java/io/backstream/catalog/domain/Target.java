package io.backstream.catalog.domain;

import io.backstream.schema.TargetKind;

import java.time.Instant;

/** A backup target as last announced by the worker that owns it. */
public record Target(String id, String workerId, TargetKind kind, String description, Instant announcedAt) {
}
