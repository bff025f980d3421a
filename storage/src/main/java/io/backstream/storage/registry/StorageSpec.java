package io.backstream.storage.registry;

import io.backstream.storage.RetryPolicy;
import io.backstream.storage.WriteOptions;
import io.backstream.storage.gcs.GcsConfig;
import io.backstream.storage.s3.S3Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * One named storage, validated: which backend, where, and how its operations are retried. Exactly one of
 * {@code root}, {@code s3} and {@code gcs} is set, the one {@code type} names. Build it with
 * {@link StorageSpecBuilder}, whose errors name the configuration key. The backend configs carry no key
 * prefix: callers prepend {@link #prefix()} to the keys they choose, and readers use the full keys recorded
 * in catalogs and manifests.
 *
 * @param name          the name requests choose the storage by
 * @param type          the backend
 * @param prefix        folder prefix of every key a writer chooses ({@code ""} for none)
 * @param retry         how {@link io.backstream.storage.RetryingObjectStorage} retries temporary failures
 * @param root          local: the directory objects are stored under
 * @param s3            s3: where and how to reach the bucket
 * @param gcs           gcs: the bucket and the upload-session directory
 * @param writeOptions  how archives are written (storage class, encryption); no object lock
 * @param lockMode      s3: object-lock mode of archives, {@code null} for none
 * @param lockRetention s3: how long a locked archive is retained from its upload start
 */
public record StorageSpec(String name, Type type, String prefix, RetryPolicy retry, Path root, S3Config s3,
                          GcsConfig gcs, WriteOptions writeOptions, WriteOptions.LockMode lockMode,
                          Duration lockRetention) {

    /** Kinds of object store. */
    public enum Type { LOCAL, S3, GCS }

    public StorageSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(writeOptions, "writeOptions");
        prefix = prefix == null ? "" : prefix;
        boolean matches = switch (type) {
            case LOCAL -> root != null && s3 == null && gcs == null;
            case S3 -> root == null && s3 != null && gcs == null;
            case GCS -> root == null && s3 == null && gcs != null;
        };
        if (!matches) {
            throw new IllegalArgumentException("storage " + name + " of type " + type + " needs exactly its own backend config");
        }
        if ((lockMode == null) != (lockRetention == null)) {
            throw new IllegalArgumentException("lockMode and lockRetention go together");
        }
    }

    /** The bucket, {@code null} for a local storage. */
    public String bucket() {
        return switch (type) {
            case LOCAL -> null;
            case S3 -> s3.bucket();
            case GCS -> gcs.bucket();
        };
    }

    /** Never shows the secret key (the S3 config hides it). */
    @Override
    public String toString() {
        return "StorageSpec[name=" + name + ", type=" + type + ", prefix=" + prefix + ", retry=" + retry
                + (root != null ? ", root=" + root : "") + (s3 != null ? ", s3=" + s3 : "") + (gcs != null ? ", gcs=" + gcs : "")
                + ", storageClass=" + writeOptions.storageClass() + ", encryption=" + writeOptions.encryption().mode()
                + (lockMode != null ? ", lockMode=" + lockMode + ", lockRetention=" + lockRetention : "") + "]";
    }
}
