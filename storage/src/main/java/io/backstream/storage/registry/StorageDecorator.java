package io.backstream.storage.registry;

import io.backstream.storage.ObjectStorage;

/**
 * Wraps a backend the {@link StorageRegistry} builds, for instrumentation or tests. The registry applies
 * every decorator in the order given, inside the retry wrapper: a decorator sees each attempt, and what it
 * throws is retried like a backend failure.
 */
@FunctionalInterface
public interface StorageDecorator {

    /** The storage to use instead of {@code storage} for the storage named {@code storageName}. */
    ObjectStorage decorate(String storageName, ObjectStorage storage);
}
