package io.backstream.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.backstream.storage.MultipartUpload;
import io.backstream.storage.ObjectStorage;
import io.backstream.storage.ObjectStorageContractTest;
import io.backstream.storage.StorageException;
import io.backstream.storage.WriteOptions;
import io.backstream.testkit.S3Server;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract against a real S3 API server (S3Proxy from the testkit), with a list page size of 2
 * so every listing crosses pages. S3Proxy quirks that matter here: it has no Object Lock (501) and
 * answers ListParts for an unknown upload id with an empty list, so {@code resume} checks
 * ListMultipartUploads instead; ListParts does not report part checksums.
 */
class S3ObjectStorageIT extends ObjectStorageContractTest {

    private static S3Config config;

    @BeforeAll
    static void bucket() {
        S3Server server = S3Server.shared();
        String bucket = server.createUniqueBucket("storage-it");
        config = S3Config.compatible(server.endpoint(), server.region(), bucket, server.accessKey(), server.secretKey())
                .withPrefix("backups")
                .withListPageSize(2);
    }

    @Override
    protected ObjectStorage newStorage() {
        return new S3ObjectStorage(config);
    }

    @Override
    protected boolean listPartsReportsChecksums() {
        // S3Proxy accepts x-amz-checksum-sha256 on UploadPart but ListParts omits ChecksumSHA256; real S3 returns it.
        return false;
    }

    @Test
    void objectLockIsRefusedLoudlyWhenTheServerCannotApplyIt() {
        // S3Proxy answers 501 NotImplemented for Object Lock; real S3 applies it on a lock-enabled bucket.
        WriteOptions locked = WriteOptions.DEFAULT.withObjectLock(
                new WriteOptions.ObjectLock(WriteOptions.LockMode.GOVERNANCE, Instant.now().plusSeconds(3600)));

        StorageException e = assertThrows(StorageException.class, () -> {
            MultipartUpload upload = storage.start(base + "locked", locked);
            storage.abort(upload);
        });

        assertFalse(e.retryable());
        assertEquals(StorageException.Kind.UNSUPPORTED, e.kind());
    }

    @Test
    void resumeOfAnUnknownUploadIdIsNotFound() {
        StorageException e = assertThrows(StorageException.class, () -> storage.resume(base + "x", "no-such-upload"));

        assertEquals(StorageException.Kind.NOT_FOUND, e.kind());
    }

    @Test
    void keysAreStoredUnderTheConfiguredPrefix() {
        storage.put(base + "prefixed", new byte[] {1}, "application/octet-stream");

        try (ObjectStorage unprefixed = new S3ObjectStorage(config.withPrefix(null))) {
            assertEquals(List.of("backups/" + base + "prefixed"),
                    unprefixed.list("backups/" + base).stream().map(o -> o.key()).toList());
        }
    }
}
