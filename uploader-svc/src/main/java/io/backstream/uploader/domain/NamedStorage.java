package io.backstream.uploader.domain;

import io.backstream.storage.ObjectStorage;
import io.backstream.storage.WriteOptions;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One configured object store the uploader writes to.
 *
 * @param name          the name a backup request chooses it by
 * @param bucket        bucket reported in {@code UploadCompleted}, {@code null} for local storage
 * @param prefix        folder prefix of every object key ({@code ""} for none)
 * @param storage       the store, already wrapped in the retry policy
 * @param options       how archives are written (content type, class, encryption)
 * @param lockMode      object-lock mode, {@code null} for none
 * @param lockRetention how long a locked archive is retained from the moment its upload starts
 */
public record NamedStorage(String name, String bucket, String prefix, ObjectStorage storage, WriteOptions options,
                           WriteOptions.LockMode lockMode, Duration lockRetention) {

    public NamedStorage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(options, "options");
        prefix = prefix == null ? "" : prefix;
        if (lockMode != null && (lockRetention == null || lockRetention.isNegative() || lockRetention.isZero())) {
            throw new IllegalArgumentException("object lock of storage " + name + " needs a positive retention");
        }
    }

    /** The write options for an upload starting at {@code now}, with the lock's retain-until date. */
    public WriteOptions optionsAt(Instant now) {
        return lockMode == null ? options : options.withObjectLock(new WriteOptions.ObjectLock(lockMode, retainUntil(now)));
    }

    /**
     * Until when an archive whose upload started at {@code uploadStartedAt} is locked; {@code null} without object
     * lock. The same date {@link #optionsAt(Instant)} gives the store, so consumers know when deletion can succeed.
     */
    public Instant retainUntil(Instant uploadStartedAt) {
        return lockMode == null ? null : uploadStartedAt.plus(lockRetention);
    }
}
