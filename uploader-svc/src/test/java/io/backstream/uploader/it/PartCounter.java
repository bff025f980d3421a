package io.backstream.uploader.it;

import io.backstream.storage.MultipartUpload;
import io.backstream.storage.ObjectStorage;
import io.backstream.storage.PartReceipt;
import io.backstream.storage.StoredObject;
import io.backstream.storage.WriteOptions;
import io.backstream.storage.registry.StorageDecorator;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the parts each storage really stored, across application contexts (static state), and can
 * play dead: after storing part {@link #dieAfterPart} every call fails, as if the process had been
 * killed between the part becoming durable and the uploader recording it.
 */
@Singleton
@Requires(property = "test.count-parts", value = "true")
class PartCounter implements StorageDecorator {

    static final Map<String, AtomicInteger> STORED = new ConcurrentHashMap<>();
    static volatile int dieAfterPart = -1;
    static volatile boolean dead;

    static int stored(String key, int partNumber) {
        AtomicInteger count = STORED.get(key + "#" + partNumber);
        return count == null ? 0 : count.get();
    }

    @Override
    public ObjectStorage decorate(String storageName, ObjectStorage storage) {
        return new Counting(storage);
    }

    private static final class Counting implements ObjectStorage {
        private final ObjectStorage delegate;

        Counting(ObjectStorage delegate) {
            this.delegate = delegate;
        }

        private static void alive() {
            if (dead) {
                throw new IllegalStateException("simulated crash: this uploader is dead");
            }
        }

        @Override
        public PartReceipt uploadPart(MultipartUpload upload, int partNumber, ByteBuffer data, String sha256Hex) {
            alive();
            PartReceipt receipt = delegate.uploadPart(upload, partNumber, data, sha256Hex);
            STORED.computeIfAbsent(upload.key() + "#" + partNumber, k -> new AtomicInteger()).incrementAndGet();
            if (partNumber == dieAfterPart) {
                dead = true;
                alive();
            }
            return receipt;
        }

        @Override
        public long minimumPartSize() {
            return delegate.minimumPartSize();
        }

        @Override
        public MultipartUpload start(String key, WriteOptions options) {
            alive();
            return delegate.start(key, options);
        }

        @Override
        public MultipartUpload resume(String key, String token) {
            alive();
            return delegate.resume(key, token);
        }

        @Override
        public List<PartReceipt> listParts(MultipartUpload upload) {
            alive();
            return delegate.listParts(upload);
        }

        @Override
        public Optional<MultipartUpload> findUpload(String key) {
            alive();
            return delegate.findUpload(key);
        }

        @Override
        public StoredObject complete(MultipartUpload upload, List<PartReceipt> parts) {
            alive();
            return delegate.complete(upload, parts);
        }

        @Override
        public void abort(MultipartUpload upload) {
            alive();
            delegate.abort(upload);
        }

        @Override
        public void put(String key, byte[] content, String contentType) {
            alive();
            delegate.put(key, content, contentType);
        }

        @Override
        public InputStream read(String key) {
            return delegate.read(key);
        }

        @Override
        public InputStream read(String key, long offset, long length) {
            return delegate.read(key, offset, length);
        }

        @Override
        public Optional<StoredObject> head(String key) {
            alive();
            return delegate.head(key);
        }

        @Override
        public List<StoredObject> list(String prefix) {
            return delegate.list(prefix);
        }

        @Override
        public void delete(String key) {
            alive();
            delegate.delete(key);
        }

        @Override
        public URI downloadUrl(String key, Duration ttl) {
            return delegate.downloadUrl(key, ttl);
        }

        @Override
        public void close() {
            delegate.close();
        }

        @Override
        public int concurrentParts() {
            return delegate.concurrentParts();
        }
    }
}
