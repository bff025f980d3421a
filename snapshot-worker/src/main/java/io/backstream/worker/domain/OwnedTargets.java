package io.backstream.worker.domain;

import java.util.Optional;

/** The targets this worker backs up. */
@FunctionalInterface
public interface OwnedTargets {

    /** The target with this id, if this worker owns it. */
    Optional<TargetSpec> find(String targetId);
}
