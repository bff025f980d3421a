package io.backstream.catalog.persistence;

import io.backstream.catalog.domain.Target;
import io.backstream.schema.TargetKind;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

import static io.backstream.catalog.persistence.Statements.micros;

/** A row of {@code targets}: the latest announcement of a target. */
@MappedEntity("targets")
record TargetRow(@Id String id, @Nullable String workerId, @Nullable String kind, @Nullable String description,
                 Instant announcedAt) {

    static TargetRow of(Target t) {
        return new TargetRow(t.id(), t.workerId(), t.kind() == null ? null : t.kind().name(), t.description(),
                micros(t.announcedAt()));
    }

    Target toTarget() {
        return new Target(id, workerId, kind == null ? null : TargetKind.valueOf(kind), description, announcedAt);
    }
}
