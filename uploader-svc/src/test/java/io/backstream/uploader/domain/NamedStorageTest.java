package io.backstream.uploader.domain;

import io.backstream.storage.WriteOptions;
import io.backstream.storage.local.LocalObjectStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The retain-until date announced in UploadCompleted is the one the store was given. */
class NamedStorageTest {

    @TempDir
    Path tmp;

    @Test
    void aLockedStorageAnnouncesTheRetainUntilDateItLocksWith() {
        NamedStorage locked = new NamedStorage("s3", "b", "", new LocalObjectStorage(tmp), WriteOptions.DEFAULT,
                WriteOptions.LockMode.COMPLIANCE, Duration.ofDays(30));
        Instant start = Instant.parse("2026-11-21T10:00:00Z");

        assertEquals(Instant.parse("2026-12-21T10:00:00Z"), locked.retainUntil(start));
        assertEquals(locked.retainUntil(start), locked.optionsAt(start).objectLock().retainUntil());
    }

    @Test
    void aStorageWithoutLockAnnouncesNoRetainUntilDate() {
        NamedStorage plain = new NamedStorage("disk", null, "", new LocalObjectStorage(tmp), WriteOptions.DEFAULT,
                null, null);

        assertNull(plain.retainUntil(Instant.parse("2026-11-21T10:00:00Z")));
        assertNull(plain.optionsAt(Instant.parse("2026-11-21T10:00:00Z")).objectLock());
    }
}
