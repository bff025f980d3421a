package io.backstream.storage.registry;

/** A storage configuration that cannot work; the message starts with the configuration key to fix. */
public final class StorageSpecException extends IllegalArgumentException {

    private final String key;

    StorageSpecException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    /** The full configuration key, e.g. {@code backstream.storages.archive.bucket}. */
    public String key() {
        return key;
    }
}
