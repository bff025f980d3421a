/** Restore's object storages: the storage module's registry behind the domain's {@code Storages}. */
package io.backstream.restore.storage;
