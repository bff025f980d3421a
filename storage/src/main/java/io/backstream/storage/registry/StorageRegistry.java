package io.backstream.storage.registry;

import com.google.cloud.storage.Storage;
import io.backstream.storage.ObjectStorage;
import io.backstream.storage.RetryingObjectStorage;
import io.backstream.storage.gcs.GcsObjectStorage;
import io.backstream.storage.local.LocalObjectStorage;
import io.backstream.storage.s3.S3ObjectStorage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Builds every configured storage once: the backend its {@link StorageSpec} names, wrapped by each
 * {@link StorageDecorator} in turn, then in a {@link RetryingObjectStorage} with the spec's retry policy.
 * {@link #close()} closes every storage; the GCS client belongs to the caller, who closes it.
 */
public final class StorageRegistry implements AutoCloseable {

    private final Map<String, StorageSpec> specs = new LinkedHashMap<>();
    private final Map<String, ObjectStorage> storages = new LinkedHashMap<>();

    /**
     * @param gcsClient asked once, and only if some spec is of type gcs; every gcs storage shares the client
     */
    public StorageRegistry(List<StorageSpec> specs, List<? extends StorageDecorator> decorators, Supplier<Storage> gcsClient) {
        Objects.requireNonNull(gcsClient, "gcsClient");
        Supplier<Storage> shared = new Supplier<>() {
            private Storage client;

            @Override
            public Storage get() {
                if (client == null) {
                    client = gcsClient.get();
                }
                return client;
            }
        };
        for (StorageSpec spec : specs) {
            if (this.specs.putIfAbsent(spec.name(), spec) != null) {
                throw new IllegalArgumentException("storage " + spec.name() + " is configured twice");
            }
            ObjectStorage backend = backend(spec, shared);
            for (StorageDecorator decorator : decorators) {
                backend = decorator.decorate(spec.name(), backend);
            }
            storages.put(spec.name(), new RetryingObjectStorage(backend, spec.retry()));
        }
    }

    private static ObjectStorage backend(StorageSpec spec, Supplier<Storage> gcsClient) {
        return switch (spec.type()) {
            case LOCAL -> new LocalObjectStorage(spec.root());
            case S3 -> new S3ObjectStorage(spec.s3());
            case GCS -> new GcsObjectStorage(gcsClient.get(), spec.gcs());
        };
    }

    /** The storage named {@code name}, retrying and decorated; empty for {@code null} or an unknown name. */
    public Optional<ObjectStorage> find(String name) {
        return Optional.ofNullable(name == null ? null : storages.get(name));
    }

    /** The spec of the storage named {@code name}; empty for {@code null} or an unknown name. */
    public Optional<StorageSpec> spec(String name) {
        return Optional.ofNullable(name == null ? null : specs.get(name));
    }

    /** The configured names, in configuration order. */
    public Set<String> names() {
        return storages.keySet();
    }

    @Override
    public void close() {
        storages.values().forEach(ObjectStorage::close);
    }
}
