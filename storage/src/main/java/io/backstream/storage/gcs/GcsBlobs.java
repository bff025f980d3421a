package io.backstream.storage.gcs;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.StorageClass;
import io.backstream.storage.StorageException;
import io.backstream.storage.StorageException.Kind;
import io.backstream.storage.StoredObject;
import io.backstream.storage.WriteOptions;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Maps {@link WriteOptions} onto GCS object metadata and GCS objects onto {@link StoredObject}. Object lock
 * is GCS object retention (GOVERNANCE = Unlocked, COMPLIANCE = Locked).
 */
final class GcsBlobs {

    private GcsBlobs() {
    }

    /** The metadata of a new object {@code id}: content type, storage class and retention as {@code options} say. */
    static BlobInfo info(BlobId id, String key, WriteOptions options) {
        BlobInfo.Builder builder = BlobInfo.newBuilder(id)
                .setContentType(options.contentType());
        if (options.storageClass() != null) {
            try {
                builder.setStorageClass(StorageClass.valueOfStrict(options.storageClass()));
            } catch (IllegalArgumentException e) {
                throw new StorageException(Kind.UNSUPPORTED, "start", key, "unknown GCS storage class " + options.storageClass());
            }
        }
        if (options.objectLock() != null) {
            BlobInfo.Retention.Mode mode = options.objectLock().mode() == WriteOptions.LockMode.COMPLIANCE
                    ? BlobInfo.Retention.Mode.LOCKED
                    : BlobInfo.Retention.Mode.UNLOCKED;
            builder.setRetention(BlobInfo.Retention.newBuilder()
                    .setMode(mode)
                    .setRetainUntilTime(options.objectLock().retainUntil().atOffset(ZoneOffset.UTC))
                    .build());
        }
        return builder.build();
    }

    /** What callers see of {@code blob}, stored under {@code key}. */
    static StoredObject stored(String key, Blob blob) {
        Instant updated = blob.getUpdateTimeOffsetDateTime() == null ? null : blob.getUpdateTimeOffsetDateTime().toInstant();
        Instant retainUntil = blob.getRetention() == null || blob.getRetention().getRetainUntilTime() == null
                ? null
                : blob.getRetention().getRetainUntilTime().toInstant();
        String etag = blob.getEtag() != null ? blob.getEtag() : String.valueOf(blob.getGeneration());
        return new StoredObject(key, blob.getSize() == null ? 0 : blob.getSize(), etag, updated, retainUntil);
    }
}
