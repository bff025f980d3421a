package io.backstream.storage;

import java.time.Instant;
import java.util.Optional;

/**
 * Metadata of a stored object.
 *
 * @param key          the object key, relative to the storage's root or prefix
 * @param size         size in bytes
 * @param etag         the backend's entity tag (S3 ETag, GCS generation/etag, local SHA-256 prefix);
 *                     changes when the content changes
 * @param lastModified when the object was last written
 * @param retainUntil  the object-lock retention date when the backend reports one, else {@code null}
 */
public record StoredObject(String key, long size, String etag, Instant lastModified, Instant retainUntil) {

    /** The object-lock retention date, if the backend knows one. */
    public Optional<Instant> retention() {
        return Optional.ofNullable(retainUntil);
    }
}
