package io.backstream.storage;

import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries the operations of another {@link ObjectStorage} when they fail with a
 * {@link StorageException#retryable() retryable} exception, following a {@link RetryPolicy}.
 * Permanent failures and the last failure after the final attempt surface unchanged.
 *
 * <p>Reads retry opening the stream, not failures while the caller consumes it. Part uploads are
 * safe to retry because {@link ObjectStorage#uploadPart} takes an in-memory buffer it does not
 * consume, and re-sending a part replaces it.
 */
public final class RetryingObjectStorage implements ObjectStorage {

    /** Waits between attempts; injectable so tests need not wait. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(RetryingObjectStorage.class);

    private final ObjectStorage delegate;
    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final DoubleSupplier jitter;

    /** Retries with real sleeps and random jitter. */
    public RetryingObjectStorage(ObjectStorage delegate, RetryPolicy policy) {
        this(delegate, policy, d -> Thread.sleep(d.toMillis()), () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * @param jitter returns a value in {@code [0, 1]} that scales each delay bound (full jitter)
     */
    public RetryingObjectStorage(ObjectStorage delegate, RetryPolicy policy, Sleeper sleeper, DoubleSupplier jitter) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.jitter = Objects.requireNonNull(jitter, "jitter");
    }

    private <T> T retry(String operation, String key, Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (StorageException e) {
                if (!e.retryable() || attempt >= policy.maxAttempts()) {
                    throw e;
                }
                Duration delay = Duration.ofMillis((long) (policy.delayBound(attempt).toMillis() * jitter.getAsDouble()));
                LOG.warn("{} {} failed (attempt {}/{}), retrying in {} ms: {}",
                        operation, key, attempt, policy.maxAttempts(), delay.toMillis(), e.getMessage());
                try {
                    sleeper.sleep(delay);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    e.addSuppressed(ie);
                    throw e;
                }
            }
        }
    }

    private void retryVoid(String operation, String key, Runnable call) {
        retry(operation, key, () -> {
            call.run();
            return null;
        });
    }

    @Override
    public long minimumPartSize() {
        return delegate.minimumPartSize();
    }

    @Override
    public int concurrentParts() {
        return delegate.concurrentParts();
    }

    @Override
    public MultipartUpload start(String key, WriteOptions options) {
        // A retried start may leave an orphan upload behind; findUpload/abort clean those up.
        return retry("start", key, () -> delegate.start(key, options));
    }

    @Override
    public MultipartUpload resume(String key, String token) {
        return retry("resume", key, () -> delegate.resume(key, token));
    }

    @Override
    public PartReceipt uploadPart(MultipartUpload upload, int partNumber, ByteBuffer data, String sha256Hex) {
        ByteBuffer part = data.asReadOnlyBuffer();
        return retry("uploadPart", upload.key(), () -> delegate.uploadPart(upload, partNumber, part.duplicate(), sha256Hex));
    }

    @Override
    public List<PartReceipt> listParts(MultipartUpload upload) {
        return retry("listParts", upload.key(), () -> delegate.listParts(upload));
    }

    @Override
    public Optional<MultipartUpload> findUpload(String key) {
        return retry("findUpload", key, () -> delegate.findUpload(key));
    }

    @Override
    public List<PendingUpload> listUploads(String prefix) {
        return retry("listUploads", prefix, () -> delegate.listUploads(prefix));
    }

    @Override
    public StoredObject complete(MultipartUpload upload, List<PartReceipt> parts) {
        return retry("complete", upload.key(), () -> delegate.complete(upload, parts));
    }

    @Override
    public void abort(MultipartUpload upload) {
        retryVoid("abort", upload.key(), () -> delegate.abort(upload));
    }

    @Override
    public void put(String key, byte[] content, String contentType) {
        retryVoid("put", key, () -> delegate.put(key, content, contentType));
    }

    @Override
    public InputStream read(String key) {
        return retry("read", key, () -> delegate.read(key));
    }

    @Override
    public InputStream read(String key, long offset, long length) {
        return retry("read", key, () -> delegate.read(key, offset, length));
    }

    @Override
    public Optional<StoredObject> head(String key) {
        return retry("head", key, () -> delegate.head(key));
    }

    @Override
    public List<StoredObject> list(String prefix) {
        return retry("list", prefix, () -> delegate.list(prefix));
    }

    @Override
    public void delete(String key) {
        retryVoid("delete", key, () -> delegate.delete(key));
    }

    @Override
    public URI downloadUrl(String key, Duration ttl) {
        return retry("downloadUrl", key, () -> delegate.downloadUrl(key, ttl));
    }

    @Override
    public void close() {
        delegate.close();
    }
}
