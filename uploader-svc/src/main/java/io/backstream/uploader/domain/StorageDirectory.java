package io.backstream.uploader.domain;

import java.util.Optional;
import java.util.Set;

/** The configured storages, by name. */
public interface StorageDirectory {

    /** The storage called {@code name}, if configured. */
    Optional<NamedStorage> find(String name);

    /** Name of the storage used when a backup names none. */
    String defaultName();

    /** Every configured name, for error messages. */
    Set<String> names();
}
