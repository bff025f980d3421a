package io.backstream.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ObjectStorage} backend must show. A backend's test extends this class
 * and supplies {@link #newStorage()}; a backend is done when the whole suite passes against it.
 */
public abstract class ObjectStorageContractTest {

    protected static final int MIB = 1024 * 1024;

    protected ObjectStorage storage;
    /** Every test writes under its own prefix, so tests sharing a bucket do not see each other. */
    protected String base;

    /**
     * A new storage instance over the same backing store each call, as a restarted process would
     * create. Listing should use a small page size where the backend allows one, so paging is tested.
     */
    protected abstract ObjectStorage newStorage();

    /** Whether {@link PartReceipt#sha256Hex()} is reported by {@link ObjectStorage#listParts}. */
    protected boolean listPartsReportsChecksums() {
        return true;
    }

    /** Whether an unfinished upload is invisible to head/list, as on real S3, GCS and local. */
    protected boolean unfinishedUploadsAreInvisible() {
        return true;
    }

    /** Overridden by backends whose test server cannot produce a download URL. */
    protected boolean supportsDownloadUrl() {
        return true;
    }

    @BeforeEach
    void openStorage() {
        storage = newStorage();
        base = "contract-" + UUID.randomUUID() + "/";
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    protected static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    protected static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private PartReceipt upload(ObjectStorage target, MultipartUpload upload, int number, byte[] bytes) {
        return target.uploadPart(upload, number, ByteBuffer.wrap(bytes), Checksums.sha256Hex(bytes));
    }

    private static byte[] concat(byte[]... arrays) {
        int size = Arrays.stream(arrays).mapToInt(a -> a.length).sum();
        ByteBuffer all = ByteBuffer.allocate(size);
        for (byte[] array : arrays) {
            all.put(array);
        }
        return all.array();
    }

    @Test
    void putThenReadReturnsTheBytesAndHeadReportsTheSize() {
        byte[] content = "{\"formatVersion\":1}".getBytes(StandardCharsets.UTF_8);
        storage.put(base + "a.manifest.json", content, "application/json");

        assertArrayEquals(content, readAll(storage.read(base + "a.manifest.json")));
        StoredObject head = storage.head(base + "a.manifest.json").orElseThrow();
        assertEquals(base + "a.manifest.json", head.key());
        assertEquals(content.length, head.size());
        assertTrue(head.etag() != null && !head.etag().isEmpty(), "etag present");
    }

    @Test
    void putReplacesAnExistingObject() {
        storage.put(base + "m.json", "old".getBytes(StandardCharsets.UTF_8), "application/json");
        storage.put(base + "m.json", "newer".getBytes(StandardCharsets.UTF_8), "application/json");

        assertEquals("newer", new String(readAll(storage.read(base + "m.json")), StandardCharsets.UTF_8));
    }

    @Test
    void listReturnsEveryObjectUnderThePrefixSortedAcrossPages() {
        for (int i = 4; i >= 0; i--) {
            storage.put(base + "dir/obj-" + i, new byte[] {(byte) i}, "application/octet-stream");
        }
        storage.put(base + "other", new byte[] {9}, "application/octet-stream");

        List<StoredObject> listed = storage.list(base + "dir/");

        assertEquals(List.of(base + "dir/obj-0", base + "dir/obj-1", base + "dir/obj-2", base + "dir/obj-3", base + "dir/obj-4"),
                listed.stream().map(StoredObject::key).toList());
        assertTrue(listed.stream().allMatch(o -> o.size() == 1));
        assertEquals(6, storage.list(base).size());
    }

    @Test
    void deleteRemovesTheObjectAndIsIdempotent() {
        storage.put(base + "gone", new byte[] {1, 2, 3}, "application/octet-stream");

        storage.delete(base + "gone");
        storage.delete(base + "gone");
        storage.delete(base + "never-existed");

        assertEquals(Optional.empty(), storage.head(base + "gone"));
        assertTrue(storage.list(base).isEmpty());
    }

    @Test
    void readOfAMissingKeyThrowsANonRetryableNotFound() {
        StorageException e = assertThrows(StorageException.class, () -> readAll(storage.read(base + "missing")));
        assertFalse(e.retryable());
        assertEquals(StorageException.Kind.NOT_FOUND, e.kind());
        assertEquals(Optional.empty(), storage.head(base + "missing"));
    }

    @Test
    void keysThatCouldEscapeTheRootAreRejected() {
        for (String bad : List.of("../x", "/abs", "a/../../b", "a//b", "a/./b", "")) {
            StorageException e = assertThrows(StorageException.class, () -> storage.put(bad, new byte[1], "text/plain"), bad);
            assertEquals(StorageException.Kind.INVALID_REQUEST, e.kind(), bad);
        }
    }

    @Test
    void multipartUploadOfThreePartsStoresTheirConcatenation() {
        byte[] p1 = randomBytes(5 * MIB, 1);
        byte[] p2 = randomBytes(5 * MIB, 2);
        byte[] p3 = randomBytes(MIB, 3);
        String key = base + "backup.tar.zst";

        MultipartUpload upload = storage.start(key, WriteOptions.DEFAULT);
        if (unfinishedUploadsAreInvisible()) {
            assertEquals(Optional.empty(), storage.head(key), "nothing visible before complete");
        }
        List<PartReceipt> parts = List.of(upload(storage, upload, 1, p1), upload(storage, upload, 2, p2), upload(storage, upload, 3, p3));
        StoredObject stored = storage.complete(upload, parts);

        byte[] all = concat(p1, p2, p3);
        assertEquals(all.length, stored.size());
        assertArrayEquals(all, readAll(storage.read(key)));
        assertEquals(Optional.empty(), storage.findUpload(key), "no unfinished upload left");

        // ranges inside a part, across both part boundaries, and running past the end
        int boundary = 5 * MIB;
        assertArrayEquals(Arrays.copyOfRange(all, 100, 200), readAll(storage.read(key, 100, 100)));
        assertArrayEquals(Arrays.copyOfRange(all, boundary - 10, boundary + 10), readAll(storage.read(key, boundary - 10, 20)));
        assertArrayEquals(Arrays.copyOfRange(all, boundary - 1, 2 * boundary + 1),
                readAll(storage.read(key, boundary - 1, boundary + 2)));
        assertArrayEquals(Arrays.copyOfRange(all, all.length - 5, all.length), readAll(storage.read(key, all.length - 5, 100)));
    }

    @Test
    void partsSentConcurrentlyWhereTheBackendAllowsItStoreTheirConcatenationInPartOrder() throws Exception {
        assumeTrue(storage.concurrentParts() > 1, "this backend takes parts one at a time, in order");
        byte[][] bytes = {randomBytes(5 * MIB, 21), randomBytes(5 * MIB, 22), randomBytes(5 * MIB, 23), randomBytes(MIB, 24)};
        String key = base + "concurrent.tar.zst";
        MultipartUpload upload = storage.start(key, WriteOptions.DEFAULT);
        ExecutorService senders = Executors.newFixedThreadPool(bytes.length);
        try {
            // the last part first, so the store sees them out of order
            List<Future<PartReceipt>> sent = new ArrayList<>();
            for (int part = bytes.length; part >= 1; part--) {
                int number = part;
                sent.add(senders.submit(() -> upload(storage, upload, number, bytes[number - 1])));
            }
            List<PartReceipt> parts = new ArrayList<>();
            for (Future<PartReceipt> receipt : sent) {
                parts.add(receipt.get());
            }
            parts.sort(Comparator.comparingInt(PartReceipt::partNumber));
            assertEquals(parts.stream().map(PartReceipt::partNumber).toList(),
                    storage.listParts(upload).stream().map(PartReceipt::partNumber).toList());
            storage.complete(upload, parts);
        } finally {
            senders.shutdownNow();
        }
        assertArrayEquals(concat(bytes), readAll(storage.read(key)));
    }

    @Test
    void anUploadResumesInANewStorageInstanceAfterARestart() {
        byte[] p1 = randomBytes(5 * MIB, 11);
        byte[] p2 = randomBytes(5 * MIB + 12345, 12);
        byte[] p3 = randomBytes(MIB, 13);
        String key = base + "resumed.tar.gz";
        MultipartUpload first = storage.start(key, WriteOptions.DEFAULT);
        upload(storage, first, 1, p1);
        upload(storage, first, 2, p2);
        storage.close();

        storage = newStorage();
        MultipartUpload found = storage.findUpload(key).orElseThrow();
        assertEquals(first, found);
        assertEquals(first, storage.resume(key, first.token()));
        List<PartReceipt> durable = storage.listParts(found);
        assertEquals(List.of(1, 2), durable.stream().map(PartReceipt::partNumber).toList());
        assertEquals(List.of((long) p1.length, (long) p2.length), durable.stream().map(PartReceipt::size).toList());
        if (listPartsReportsChecksums()) {
            assertEquals(List.of(Checksums.sha256Hex(p1), Checksums.sha256Hex(p2)), durable.stream().map(PartReceipt::sha256Hex).toList());
        }

        PartReceipt third = upload(storage, found, 3, p3);
        List<PartReceipt> parts = new java.util.ArrayList<>(durable);
        parts.add(third);
        storage.complete(found, parts);

        assertArrayEquals(concat(p1, p2, p3), readAll(storage.read(key)));
    }

    @Test
    void resendingAPartAfterAnUnknownOutcomeStoresItOnce() {
        byte[] p1 = randomBytes(5 * MIB, 21);
        byte[] p2 = randomBytes(1000, 22);
        String key = base + "retried";
        MultipartUpload upload = storage.start(key, WriteOptions.DEFAULT);
        upload(storage, upload, 1, p1);
        upload(storage, upload, 1, p1);
        upload(storage, upload, 2, p2);

        storage.complete(upload, storage.listParts(upload));

        assertArrayEquals(concat(p1, p2), readAll(storage.read(key)));
    }

    @Test
    void aPartWhoseChecksumDoesNotMatchIsRejectedPermanently() {
        MultipartUpload upload = storage.start(base + "bad-part", WriteOptions.DEFAULT);
        byte[] part = randomBytes(1000, 31);

        StorageException e = assertThrows(StorageException.class,
                () -> storage.uploadPart(upload, 1, ByteBuffer.wrap(part), Checksums.sha256Hex(new byte[] {1})));

        assertEquals(StorageException.Kind.INTEGRITY, e.kind());
        assertFalse(e.retryable());
        storage.abort(upload);
    }

    @Test
    void abortLeavesNothingBehind() {
        String key = base + "aborted";
        MultipartUpload upload = storage.start(key, WriteOptions.DEFAULT);
        upload(storage, upload, 1, randomBytes(5 * MIB, 41));

        storage.abort(upload);
        storage.abort(upload);

        assertEquals(Optional.empty(), storage.findUpload(key));
        if (unfinishedUploadsAreInvisible()) {
            assertEquals(Optional.empty(), storage.head(key));
            assertTrue(storage.list(base).isEmpty());
        }
    }

    @Test
    void listUploadsFindsTheUnfinishedUploadsUnderThePrefixOnly() {
        Instant before = Instant.now().minusSeconds(60);
        MultipartUpload first = storage.start(base + "in/a", WriteOptions.DEFAULT);
        upload(storage, first, 1, randomBytes(1024, 51));
        MultipartUpload second = storage.start(base + "in/deeper/b", WriteOptions.DEFAULT);
        MultipartUpload outside = storage.start(base + "out/c", WriteOptions.DEFAULT);
        MultipartUpload done = storage.start(base + "in/done", WriteOptions.DEFAULT);
        storage.complete(done, List.of(upload(storage, done, 1, randomBytes(1024, 52))));
        MultipartUpload aborted = storage.start(base + "in/aborted", WriteOptions.DEFAULT);
        storage.abort(aborted);

        List<PendingUpload> found = newStorage().listUploads(base + "in/");

        assertEquals(List.of(first, second), found.stream().map(PendingUpload::upload).toList());
        assertTrue(found.stream().allMatch(u -> u.initiated().isAfter(before)), found.toString());
        assertEquals(List.of(outside), storage.listUploads(base + "out/").stream().map(PendingUpload::upload).toList());
        storage.abort(first);
        storage.abort(second);
        storage.abort(outside);
        assertTrue(storage.listUploads(base).isEmpty());
    }

    @Test
    void aDownloadUrlServesTheBytes() throws Exception {
        assumeTrue(supportsDownloadUrl(), "this backend's test server cannot sign URLs");
        byte[] content = randomBytes(100_000, 51);
        storage.put(base + "download.bin", content, "application/octet-stream");

        URI url = storage.downloadUrl(base + "download.bin", Duration.ofMinutes(5));

        byte[] fetched;
        if ("file".equals(url.getScheme())) {
            fetched = Files.readAllBytes(Path.of(url));
        } else {
            HttpResponse<byte[]> response = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode());
            fetched = response.body();
        }
        assertArrayEquals(content, fetched);
    }
}
