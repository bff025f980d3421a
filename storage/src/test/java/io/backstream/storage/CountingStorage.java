package io.backstream.storage;

import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A storage that forwards every call to another and counts what reached it into a {@link Counts} its test shares
 * between storages (services' tests wrap each configured storage in one). It can also play dead: once part
 * {@link Counts#dieAfterPart} is stored, that call and every later write or lookup fail, as if the process had been
 * killed between the part becoming durable and its caller recording it. Shipped in storage's test jar.
 */
public final class CountingStorage implements ObjectStorage {

    /** What the counting storages sharing it saw, and whether they play dead. */
    public static final class Counts {
        private final Map<String, AtomicLong> storedParts = new ConcurrentHashMap<>();
        private final Map<String, AtomicLong> rangedGets = new ConcurrentHashMap<>();
        private final Map<String, AtomicLong> rangedBytes = new ConcurrentHashMap<>();
        private volatile int dieAfterPart = -1;
        private volatile boolean dead;

        /** How often part {@code partNumber} of {@code key} was stored. */
        public long storedParts(String key, int partNumber) {
            return count(storedParts, key + "#" + partNumber);
        }

        /** How many ranged reads of {@code key} were made. */
        public long rangedGets(String key) {
            return count(rangedGets, key);
        }

        /** How many bytes the ranged reads of {@code key} asked for. */
        public long rangedBytes(String key) {
            return count(rangedBytes, key);
        }

        /** Plays dead once part {@code partNumber} of any upload is stored; -1 lives on. Revives a dead one. */
        public void dieAfterPart(int partNumber) {
            dieAfterPart = partNumber;
            dead = false;
        }

        /** Whether the storages play dead. */
        public boolean dead() {
            return dead;
        }

        private static long count(Map<String, AtomicLong> counts, String key) {
            AtomicLong count = counts.get(key);
            return count == null ? 0 : count.get();
        }

        private static void add(Map<String, AtomicLong> counts, String key, long amount) {
            counts.computeIfAbsent(key, k -> new AtomicLong()).addAndGet(amount);
        }
    }

    private final ObjectStorage delegate;
    private final Counts counts;

    public CountingStorage(ObjectStorage delegate, Counts counts) {
        this.delegate = delegate;
        this.counts = counts;
    }

    private void alive() {
        if (counts.dead) {
            throw new IllegalStateException("simulated crash: this storage's process is dead");
        }
    }

    @Override
    public PartReceipt uploadPart(MultipartUpload upload, int partNumber, ByteBuffer data, String sha256Hex) {
        alive();
        PartReceipt receipt = delegate.uploadPart(upload, partNumber, data, sha256Hex);
        Counts.add(counts.storedParts, upload.key() + "#" + partNumber, 1);
        if (partNumber == counts.dieAfterPart) {
            counts.dead = true;
            alive();
        }
        return receipt;
    }

    @Override
    public InputStream read(String key, long offset, long length) {
        Counts.add(counts.rangedGets, key, 1);
        Counts.add(counts.rangedBytes, key, length);
        return delegate.read(key, offset, length);
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
    public List<PendingUpload> listUploads(String prefix) {
        alive();
        return delegate.listUploads(prefix);
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
}
