package io.backstream.uploader.domain;

import io.backstream.schema.event.UploadFailed;
import io.backstream.storage.MultipartUpload;
import io.backstream.storage.WriteOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Backups that go idle are abandoned, and the start-up sweep aborts only old uploads nobody knows. */
class AbandonmentTest extends UploadFixture {

    @Test
    void aBackupWithNoRecordForTheAbandonmentTimeIsAbortedAnnouncedAndCounted() {
        BackupUploader uploader = newUploader();
        record(uploader, batch -> batch.onStart(started()));
        chunk(uploader, 0);
        assertTrue(local.findUpload(archiveKey()).isPresent());

        clock.advance(Duration.ofMinutes(59));
        assertEquals(0, uploader.abandonIdle(), "not idle for an hour yet");
        clock.advance(Duration.ofMinutes(2));
        assertEquals(1, uploader.abandonIdle());

        UploadFailed failed = (UploadFailed) events.get(0);
        assertEquals(AbandonedBackupException.REASON, failed.reason());
        assertEquals("b-1", failed.backupId());
        assertEquals("files", failed.targetId());
        assertEquals("disk", failed.storage());
        assertFalse(local.findUpload(archiveKey()).isPresent(), "the multipart upload is aborted");
        assertTrue(store().unfinished().isEmpty(), "the uploader state is removed");
        assertEquals(List.of("disk"), abandoned);
        assertEquals(0, uploader.abandonIdle(), "abandoned once");
    }

    @Test
    void aLateRecordOfAnAbandonedBackupIsRefusedNotResumedOrRestarted() {
        BackupUploader uploader = newUploader();
        record(uploader, batch -> batch.onStart(started()));
        clock.advance(Duration.ofHours(2));
        uploader.abandonIdle();

        assertThrows(AbandonedBackupException.class, () -> chunk(uploader, 0));
        assertThrows(AbandonedBackupException.class, () -> record(uploader, batch -> batch.onStart(started())));
        assertThrows(AbandonedBackupException.class, () -> record(newUploader(), batch -> batch.onEnd(completed())));
        assertEquals(1, events.size(), "nothing but the abandonment is announced");
        assertFalse(local.findUpload(archiveKey()).isPresent(), "no upload is started again");
    }

    @Test
    void everyRecordMadeDurableRestartsTheAbandonmentTime() {
        BackupUploader uploader = newUploader();
        record(uploader, batch -> batch.onStart(started()));
        clock.advance(Duration.ofMinutes(50));
        chunk(uploader, 0);
        clock.advance(Duration.ofMinutes(50));

        assertEquals(0, newUploader().abandonIdle(), "its last record is 50 minutes old, also after a restart");
        assertTrue(events.isEmpty());
        assertTrue(local.findUpload(archiveKey()).isPresent());
    }

    @Test
    void theSweepAbortsOnlyOldUploadsUnderThePrefixThatNoStateKnows() {
        BackupUploader uploader = newUploader();
        record(uploader, batch -> batch.onStart(started()));
        String orphanKey = "b/directory-files-" + startedAt.toEpochMilli() + "-orphan.tar.zst";
        local.start(orphanKey, WriteOptions.DEFAULT);
        MultipartUpload outside = local.start("elsewhere/directory-files-1-x.tar.zst", WriteOptions.DEFAULT);
        MultipartUpload foreign = local.start("b/not-a-backstream-name", WriteOptions.DEFAULT);
        MultipartUpload nested = local.start("b/deeper/directory-files-1-x.tar.zst", WriteOptions.DEFAULT);
        OrphanUploadSweep sweep = new OrphanUploadSweep(storages(), store(), metrics(), clock, Duration.ofHours(1));

        clock.set(Instant.now());
        assertEquals(0, sweep.sweep(), "recent uploads may belong to another replica");
        clock.set(Instant.now().plus(Duration.ofHours(2)));
        assertEquals(1, sweep.sweep());

        assertFalse(local.findUpload(orphanKey).isPresent(), "the old orphan is aborted");
        assertEquals(List.of("disk"), orphansAborted);
        assertTrue(local.findUpload(archiveKey()).isPresent(), "the upload a state knows is kept");
        for (MultipartUpload kept : List.of(outside, foreign, nested)) {
            assertEquals(kept, local.findUpload(kept.key()).orElseThrow(),
                    "uploads outside the prefix or not named there by Backstream are kept");
        }
    }
}
