package io.backstream.uploader.storage;

import io.backstream.storage.ObjectStorage;

/**
 * Wraps every configured backend before the retry policy is applied (for instrumentation). Any
 * number of beans may exist; they are applied in order.
 */
@FunctionalInterface
public interface ObjectStorageDecorator {

    ObjectStorage decorate(String storageName, ObjectStorage storage);
}
