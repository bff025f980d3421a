package io.backstream.storage.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstream.storage.RetryPolicy;
import io.backstream.storage.WriteOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StorageSpecBuilderTest {

    private static final RetryPolicy DEFAULTS = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(5), 2.0);

    private static StorageSpecBuilder s3(String name) {
        StorageSpecBuilder b = new StorageSpecBuilder(name);
        b.setType(StorageSpec.Type.S3);
        b.setBucket("archives");
        return b;
    }

    private static String failingKey(StorageSpecBuilder builder) {
        StorageSpecException e = assertThrows(StorageSpecException.class, () -> builder.build(DEFAULTS));
        assertTrue(e.getMessage().startsWith(e.key() + ": "), e.getMessage());
        return e.key();
    }

    @Test
    void aMissingTypeNamesTheTypeKey() {
        assertEquals("backstream.storages.archive.type", failingKey(new StorageSpecBuilder("archive")));
    }

    @Test
    void anS3StorageWithoutBucketNamesTheBucketKey() {
        StorageSpecBuilder b = s3("s3");
        b.setBucket(" ");

        StorageSpecException e = assertThrows(StorageSpecException.class, () -> b.build(DEFAULTS));

        assertEquals("backstream.storages.s3.bucket: must be set for type s3", e.getMessage());
    }

    @Test
    void eachIncompleteCombinationNamesItsKey() {
        StorageSpecBuilder local = new StorageSpecBuilder("disk");
        local.setType(StorageSpec.Type.LOCAL);
        assertEquals("backstream.storages.disk.root", failingKey(local));

        StorageSpecBuilder gcs = new StorageSpecBuilder("g");
        gcs.setType(StorageSpec.Type.GCS);
        gcs.setBucket("b");
        assertEquals("backstream.storages.g.session-dir", failingKey(gcs));

        StorageSpecBuilder halfCredentials = s3("s3");
        halfCredentials.setAccessKey("id");
        assertEquals("backstream.storages.s3.secret-key", failingKey(halfCredentials));

        StorageSpecBuilder kmsWithoutKms = s3("s3");
        kmsWithoutKms.setKmsKeyId("arn:key");
        assertEquals("backstream.storages.s3.kms-key-id", failingKey(kmsWithoutKms));

        StorageSpecBuilder lockWithoutDays = s3("s3");
        lockWithoutDays.setObjectLockMode(WriteOptions.LockMode.COMPLIANCE);
        assertEquals("backstream.storages.s3.object-lock-retain-days", failingKey(lockWithoutDays));

        StorageSpecBuilder encryptedLocal = new StorageSpecBuilder("disk");
        encryptedLocal.setType(StorageSpec.Type.LOCAL);
        encryptedLocal.setRoot(Path.of("/tmp/x"));
        encryptedLocal.setEncryption(WriteOptions.SseMode.SSE_S3);
        assertEquals("backstream.storages.disk.encryption", failingKey(encryptedLocal));

        StorageSpecBuilder noRetry = s3("s3");
        noRetry.setRetryMaxAttempts(0);
        assertEquals("backstream.storages.s3.retry-max-attempts", failingKey(noRetry));

        StorageSpecBuilder shrinkingDelays = s3("s3");
        shrinkingDelays.setRetryMaxDelay(Duration.ofMillis(1));
        assertEquals("backstream.storages.s3.retry-max-delay", failingKey(shrinkingDelays));
    }

    @Test
    void anS3SpecCarriesEveryOptionButTheKeyPrefix() {
        StorageSpecBuilder b = s3("s3");
        b.setPrefix("tenant-a");
        b.setEndpoint(URI.create("http://127.0.0.1:9000"));
        b.setPathStyle(true);
        b.setAccessKey("id");
        b.setSecretKey("very-secret");
        b.setEncryption(WriteOptions.SseMode.SSE_KMS);
        b.setKmsKeyId("arn:key");
        b.setStorageClass("STANDARD_IA");
        b.setObjectLockMode(WriteOptions.LockMode.GOVERNANCE);
        b.setObjectLockRetainDays(30);
        b.setPartChecksums(false);

        StorageSpec spec = b.build(DEFAULTS);

        assertEquals("tenant-a", spec.prefix());
        assertEquals("", spec.s3().prefix(), "writers prepend the prefix; the backend adds none");
        assertEquals("archives", spec.bucket());
        assertTrue(spec.s3().pathStyle());
        assertFalse(spec.s3().partChecksums());
        assertEquals(WriteOptions.Encryption.kms("arn:key"), spec.writeOptions().encryption());
        assertEquals("STANDARD_IA", spec.writeOptions().storageClass());
        assertEquals(Duration.ofDays(30), spec.lockRetention());
        assertFalse(spec.toString().contains("very-secret"), spec.toString());
    }

    @Test
    void unsetRetryKeysTakeTheDefaultsAndSetOnesWin() {
        StorageSpecBuilder b = s3("s3");
        assertEquals(DEFAULTS, b.build(DEFAULTS).retry());

        b.setRetryMaxAttempts(2);
        b.setRetryMaxDelay(Duration.ofSeconds(1));
        assertEquals(new RetryPolicy(2, Duration.ofMillis(100), Duration.ofSeconds(1), 2.0), b.build(DEFAULTS).retry());
    }

    @Test
    void localAndGcsSpecsHaveNoS3Options() {
        StorageSpecBuilder local = new StorageSpecBuilder("disk");
        local.setType(StorageSpec.Type.LOCAL);
        local.setRoot(Path.of("/srv/backups"));
        StorageSpec disk = local.build(DEFAULTS);
        assertNull(disk.bucket());
        assertEquals(WriteOptions.DEFAULT, disk.writeOptions());

        StorageSpecBuilder gcs = new StorageSpecBuilder("g");
        gcs.setType(StorageSpec.Type.GCS);
        gcs.setBucket("b");
        gcs.setSessionDir(Path.of("/state/gcs"));
        gcs.setStorageClass("NEARLINE");
        StorageSpec g = gcs.build(DEFAULTS);
        assertEquals("b", g.bucket());
        assertEquals("NEARLINE", g.writeOptions().storageClass());
        assertEquals(Path.of("/state/gcs"), g.gcs().sessionDirectory());
    }
}
