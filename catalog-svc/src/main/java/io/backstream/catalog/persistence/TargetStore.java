package io.backstream.catalog.persistence;

import io.backstream.catalog.domain.Target;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The {@code targets} table: the latest announcement of each target. Joins the caller's transaction. */
@Singleton
@Transactional
public class TargetStore {

    private final TargetRows targets;

    TargetStore(TargetRows targets) {
        this.targets = targets;
    }

    public Optional<Target> findTarget(String id) {
        return targets.findById(id).map(TargetRow::toTarget);
    }

    /** Every announced target, by id. */
    public List<Target> targets() {
        List<Target> all = new ArrayList<>();
        targets.findAll().forEach(row -> all.add(row.toTarget()));
        all.sort(Comparator.comparing(Target::id));
        return all;
    }

    /** Stores the announcement unless a newer one is already stored. */
    public void saveTarget(Target target) {
        Optional<TargetRow> existing = targets.findById(target.id());
        TargetRow row = TargetRow.of(target);
        if (existing.isEmpty()) {
            targets.save(row);
        } else if (!row.announcedAt().isBefore(existing.get().announcedAt())) {
            targets.update(row);
        }
    }
}
