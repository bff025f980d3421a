package io.backstream.restore.storage;

import io.backstream.storage.ObjectStorage;

/** Optional bean that wraps each configured storage (for instrumentation); applied inside the retry wrapper. */
@FunctionalInterface
public interface StorageDecorator {

    ObjectStorage decorate(String name, ObjectStorage storage);
}
