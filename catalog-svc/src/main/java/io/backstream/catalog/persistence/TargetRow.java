package io.backstream.catalog.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** A row of {@code targets}: the latest announcement of a target. */
@MappedEntity("targets")
record TargetRow(@Id String id, @Nullable String workerId, @Nullable String kind, @Nullable String description,
                 Instant announcedAt) {
}
