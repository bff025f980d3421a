package io.backstream.storage;

import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One object store (a local directory, an S3 bucket/prefix, a GCS bucket/prefix). Every method
 * fails only with {@link StorageException}; whether it is worth retrying is in
 * {@link StorageException#retryable()}. Implementations do not retry: wrap them in
 * {@link RetryingObjectStorage}.
 *
 * <p>Keys are relative, {@code /}-separated names without {@code ..} segments, a leading {@code /}
 * or a trailing {@code /}. Every backend passes the same contract test suite.
 *
 * <p>A multipart upload has a single writer; parts are numbered from 1 and appended in order, or
 * sent concurrently where {@link #concurrentParts()} allows it.
 */
public interface ObjectStorage extends AutoCloseable {

    /**
     * Smallest size every part except the last must have (S3: 5 MiB). Parts may differ in size.
     */
    long minimumPartSize();

    /**
     * How many parts of one upload may be in flight at once: 1 for backends that append parts in
     * order (local, GCS); S3 takes parts in any order and has no limit of its own.
     */
    int concurrentParts();

    /**
     * Starts a multipart upload that will create {@code key} when completed. Nothing is visible
     * under {@code key} until {@link #complete}. Options the backend cannot honour fail here with
     * {@link StorageException.Kind#UNSUPPORTED}.
     */
    MultipartUpload start(String key, WriteOptions options);

    /**
     * Rebuilds the handle of an unfinished upload from its {@link MultipartUpload#token()}, for
     * example in another process.
     *
     * @throws StorageException {@link StorageException.Kind#NOT_FOUND} when no such unfinished upload
     *                          exists for {@code key}
     */
    MultipartUpload resume(String key, String token);

    /**
     * Appends part {@code partNumber}. When this returns the part is durable: it survives a crash of
     * this process and is reported by {@link #listParts}. Part numbers are consecutive from 1 and,
     * unless {@link #concurrentParts()} is above 1, sent one at a time in order;
     * sending the last stored part again with the same bytes is safe (a retry after an unknown
     * outcome) and leaves one copy of it. Whether a stored part can be replaced with different bytes
     * is backend-specific (GCS cannot), so callers must not rely on it.
     *
     * @param data      the part's bytes, from its position to its limit; the buffer's position is not
     *                  changed, so the same buffer can be passed again on a retry
     * @param sha256Hex lower-case hex SHA-256 of the part; the backend verifies it and fails with
     *                  {@link StorageException.Kind#INTEGRITY} on a mismatch
     */
    PartReceipt uploadPart(MultipartUpload upload, int partNumber, ByteBuffer data, String sha256Hex);

    /** The parts already durable for {@code upload}, ordered by part number. */
    List<PartReceipt> listParts(MultipartUpload upload);

    /**
     * The unfinished upload for {@code key}, if any, so a restarted writer can resume it. When several
     * exist (S3 allows that) the most recently started one is returned.
     */
    Optional<MultipartUpload> findUpload(String key);

    /**
     * Every unfinished upload whose key starts with {@code prefix} (empty for all), sorted by key, so
     * that uploads a crashed writer left behind can be found and aborted. Completed objects are never
     * listed. The default fails with {@link StorageException.Kind#UNSUPPORTED}.
     */
    default List<PendingUpload> listUploads(String prefix) {
        throw new StorageException(StorageException.Kind.UNSUPPORTED, "listUploads", String.valueOf(prefix),
                "this store cannot list unfinished uploads");
    }

    /**
     * Makes the object visible under {@code key} with the concatenation of {@code parts}, which must
     * be exactly the durable parts in order (checked against {@link #listParts}).
     */
    StoredObject complete(MultipartUpload upload, List<PartReceipt> parts);

    /** Discards an unfinished upload and its parts. Aborting an unknown upload is not an error. */
    void abort(MultipartUpload upload);

    /** Writes a small object (a manifest, for example) in one request, replacing any existing one. */
    void put(String key, byte[] content, String contentType);

    /** Streams the whole object. The caller closes the stream. */
    InputStream read(String key);

    /**
     * Streams {@code length} bytes starting at {@code offset}; fewer when the object ends first.
     * The caller closes the stream.
     */
    InputStream read(String key, long offset, long length);

    /** Metadata of {@code key}, empty when it does not exist. */
    Optional<StoredObject> head(String key);

    /** Every object whose key starts with {@code prefix} (all pages), sorted by key. */
    List<StoredObject> list(String prefix);

    /** Deletes {@code key}; deleting a missing key succeeds. */
    void delete(String key);

    /**
     * A URL that fetches the whole object without further credentials for at least {@code ttl}
     * (S3 presigned GET, GCS signed URL, {@code file:} URI for local storage).
     */
    URI downloadUrl(String key, Duration ttl);

    /** Releases clients and connections. */
    @Override
    void close();
}
