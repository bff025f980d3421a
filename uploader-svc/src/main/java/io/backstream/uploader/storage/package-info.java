/** The uploader's object storages: the storage module's registry behind the domain's {@code StorageDirectory}. */
package io.backstream.uploader.storage;
