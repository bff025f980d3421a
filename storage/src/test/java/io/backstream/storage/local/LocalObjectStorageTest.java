package io.backstream.storage.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.backstream.storage.Checksums;
import io.backstream.storage.MultipartUpload;
import io.backstream.storage.ObjectStorage;
import io.backstream.storage.ObjectStorageContractTest;
import io.backstream.storage.StorageException;
import io.backstream.storage.WriteOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalObjectStorageTest extends ObjectStorageContractTest {

    @TempDir
    Path root;

    @Override
    protected ObjectStorage newStorage() {
        return new LocalObjectStorage(root);
    }

    @Test
    void objectLockIsRefusedRatherThanDropped() {
        WriteOptions locked = WriteOptions.DEFAULT.withObjectLock(
                new WriteOptions.ObjectLock(WriteOptions.LockMode.COMPLIANCE, Instant.now().plusSeconds(3600)));

        StorageException e = assertThrows(StorageException.class, () -> storage.start(base + "locked", locked));

        assertEquals(StorageException.Kind.UNSUPPORTED, e.kind());
    }

    @Test
    void bytesOfACrashedAppendAreDroppedWhenThePartIsSentAgain() throws IOException {
        String key = base + "crashed";
        byte[] p1 = randomBytes(1000, 1);
        byte[] p2 = randomBytes(500, 2);
        MultipartUpload upload = storage.start(key, WriteOptions.DEFAULT);
        storage.uploadPart(upload, 1, ByteBuffer.wrap(p1), Checksums.sha256Hex(p1));
        // A crash after appending half of part 2 but before recording it in the sidecar.
        try (Stream<Path> files = Files.list(root.resolve(base))) {
            Path partial = files.filter(p -> p.getFileName().toString().endsWith(".partial")).findFirst().orElseThrow();
            Files.write(partial, new byte[300], StandardOpenOption.APPEND);
        }

        ObjectStorage restarted = newStorage();
        restarted.uploadPart(upload, 2, ByteBuffer.wrap(p2), Checksums.sha256Hex(p2));
        restarted.complete(upload, restarted.listParts(upload));

        byte[] expected = ByteBuffer.allocate(1500).put(p1).put(p2).array();
        assertArrayEquals(expected, readAll(restarted.read(key)));
    }

    @Test
    void partialUploadsAreNotListedAsObjects() {
        MultipartUpload upload = storage.start(base + "hidden", WriteOptions.DEFAULT);
        byte[] part = randomBytes(10, 3);
        storage.uploadPart(upload, 1, ByteBuffer.wrap(part), Checksums.sha256Hex(part));

        assertEquals(0, storage.list(base).size());
    }
}
