/**
 * The one place storages are configured and built: a validated {@link io.backstream.storage.registry.StorageSpec}
 * per named storage, and the {@link io.backstream.storage.registry.StorageRegistry} that turns specs into backends.
 */
package io.backstream.storage.registry;
