package io.backstream.schema;

import io.backstream.schema.BackupCompletion.Report;
import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.event.UploadCompleted;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run is completed only when the worker and the uploader report the same bytes. */
class BackupCompletionTest {

    private static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");
    private static final String SHA = "ab".repeat(32);

    @Test
    void sameSizeChunkCountAndChecksumAgree() {
        assertTrue(BackupCompletion.agrees(snapshot(2, 50, SHA), upload(2, 50, SHA)));
    }

    @Test
    void theChecksumIsComparedRegardlessOfCase() {
        assertTrue(BackupCompletion.agrees(snapshot(2, 50, SHA), upload(2, 50, SHA.toUpperCase())));
    }

    @Test
    void anyDifferenceDisagrees() {
        assertFalse(BackupCompletion.agrees(snapshot(2, 50, SHA), upload(2, 50, "cd".repeat(32))), "sha256");
        assertFalse(BackupCompletion.agrees(snapshot(2, 50, SHA), upload(2, 51, SHA)), "size");
        assertFalse(BackupCompletion.agrees(snapshot(2, 50, SHA), upload(3, 50, SHA)), "chunk count");
        assertFalse(BackupCompletion.agrees(snapshot(2, 50, SHA), upload(2, 50, null)), "no upload checksum");
    }

    @Test
    void aWorkerReportWithoutChecksumNeverAgrees() {
        assertFalse(BackupCompletion.agrees(new Report(50, 2, null), new Report(50, 2, null)));
    }

    @Test
    void theWorkersStoredBytesAreComparedNotItsRawBytes() {
        SnapshotCompleted snapshot = snapshot(2, 50, SHA);
        assertTrue(BackupCompletion.agrees(Report.of(snapshot), new Report(50, 2, SHA)));
        assertFalse(BackupCompletion.agrees(Report.of(snapshot), new Report(snapshot.rawBytes(), 2, SHA)));
    }

    private static SnapshotCompleted snapshot(long chunks, long storedBytes, String sha256) {
        return new SnapshotCompleted("b-1", "db", TargetKind.DIRECTORY, "w1", BackupType.FULL, null, Compression.ZSTD,
                null, "s3", "p", chunks, storedBytes * 3, storedBytes, sha256, 1, List.of(), AT, AT.plusSeconds(60));
    }

    private static UploadCompleted upload(long chunks, long size, String sha256) {
        return new UploadCompleted("b-1", "db", "s3", "bucket", "k", "k.manifest.json", size, sha256, "etag", chunks,
                AT.plusSeconds(90));
    }
}
