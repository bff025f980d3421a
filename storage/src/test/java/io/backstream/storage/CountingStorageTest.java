package io.backstream.storage;

import io.backstream.storage.local.LocalObjectStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CountingStorageTest {

    @TempDir
    Path root;

    @Test
    void countsStoredPartsAndRangedReadsPerKey() throws Exception {
        CountingStorage.Counts counts = new CountingStorage.Counts();
        ObjectStorage storage = new CountingStorage(new LocalObjectStorage(root), counts);
        storage.put("a", "hello world".getBytes(StandardCharsets.UTF_8), "text/plain");
        try (InputStream in = storage.read("a", 6, 5)) {
            assertArrayEquals("world".getBytes(StandardCharsets.UTF_8), in.readAllBytes());
        }
        try (InputStream in = storage.read("a", 0, 5)) {
            in.readAllBytes();
        }
        assertEquals(2, counts.rangedGets("a"));
        assertEquals(10, counts.rangedBytes("a"));
        assertEquals(0, counts.rangedGets("b"));

        MultipartUpload upload = storage.start("big", WriteOptions.DEFAULT);
        ByteBuffer part = ByteBuffer.wrap("part".getBytes(StandardCharsets.UTF_8));
        storage.uploadPart(upload, 1, part, Checksums.sha256Hex(part.duplicate()));
        assertEquals(1, counts.storedParts("big", 1));
        assertEquals(0, counts.storedParts("big", 2));
    }

    @Test
    void playsDeadOnceThePartIsStoredUntilRevived() {
        CountingStorage.Counts counts = new CountingStorage.Counts();
        ObjectStorage storage = new CountingStorage(new LocalObjectStorage(root), counts);
        counts.dieAfterPart(1);
        MultipartUpload upload = storage.start("big", WriteOptions.DEFAULT);
        ByteBuffer part = ByteBuffer.wrap("part".getBytes(StandardCharsets.UTF_8));
        assertThrows(IllegalStateException.class,
                () -> storage.uploadPart(upload, 1, part, Checksums.sha256Hex(part.duplicate())));
        assertTrue(counts.dead());
        assertEquals(1, counts.storedParts("big", 1), "the part was stored before the simulated crash");
        assertThrows(IllegalStateException.class, () -> storage.listParts(upload));

        counts.dieAfterPart(-1);
        assertFalse(counts.dead());
        assertEquals(1, storage.listParts(upload).size());
    }
}
