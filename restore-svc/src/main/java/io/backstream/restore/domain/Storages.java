package io.backstream.restore.domain;

import io.backstream.storage.ObjectStorage;

import java.util.Optional;

/** The configured storages by name. */
public interface Storages {

    /** The storage called {@code name}, empty when none is configured. */
    Optional<ObjectStorage> find(String name);
}
