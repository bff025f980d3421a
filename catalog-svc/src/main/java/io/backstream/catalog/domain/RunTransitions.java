package io.backstream.catalog.domain;

import io.backstream.schema.BackupCompletion;
import io.backstream.schema.BackupType;
import io.backstream.schema.event.BackupDiscovered;
import io.backstream.schema.event.BackupRequested;
import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.event.SnapshotFailed;
import io.backstream.schema.event.SnapshotSkipped;
import io.backstream.schema.event.SnapshotStarted;
import io.backstream.schema.event.UploadCompleted;
import io.backstream.schema.event.UploadFailed;

import java.time.Instant;

import static io.backstream.catalog.domain.BackupDraft.or;

/**
 * How a run reaches its outcome: requested, snapshotting, uploading, then COMPLETED once both reports agree,
 * or FAILED or SKIPPED. A finished run keeps its outcome. The type and parent come from the worker's
 * {@code SnapshotStarted}/{@code SnapshotCompleted} (or the manifest of a discovered backup), never from the
 * request: the worker may take a full copy when an incremental was asked for.
 */
final class RunTransitions {

    private RunTransitions() {
    }

    static void requested(BackupDraft d, BackupRequested e, Instant at) {
        d.targetId = or(d.targetId, e.targetId());
        d.storage = or(d.storage, e.storage());
        d.compression = or(d.compression, e.compression());
        d.encryptionKeyId = or(d.encryptionKeyId, e.encryptionKeyId());
        d.policyId = or(d.policyId, e.policyId());
        d.requestedAt = or(d.requestedAt, at);
        d.seen(at);
    }

    static void started(BackupDraft d, SnapshotStarted e, Instant at) {
        d.targetId = or(d.targetId, e.targetId());
        d.targetKind = or(d.targetKind, e.targetKind());
        d.workerId = or(d.workerId, e.workerId());
        took(d, e.type(), e.parentBackupId());
        d.compression = or(d.compression, e.compression());
        d.storage = or(d.storage, e.storage());
        d.policyId = or(d.policyId, e.policyId());
        d.startedAt = or(d.startedAt, at);
        d.seen(at);
        d.advanceTo(BackupStatus.SNAPSHOTTING, at);
    }

    static void snapshotCompleted(BackupDraft d, SnapshotCompleted e, Instant at) {
        d.targetId = or(d.targetId, e.targetId());
        d.targetKind = or(d.targetKind, e.targetKind());
        d.workerId = or(d.workerId, e.workerId());
        took(d, e.type(), e.parentBackupId());
        d.compression = or(d.compression, e.compression());
        d.encryptionKeyId = or(d.encryptionKeyId, e.encryptionKeyId());
        d.storage = or(d.storage, e.storage());
        d.policyId = or(d.policyId, e.policyId());
        d.startedAt = or(d.startedAt, e.startedAt());
        d.seen(or(e.startedAt(), at));
        if (d.status.isFinished()) {
            return;
        }
        d.snapshot = or(d.snapshot, new SnapshotResult(e.chunkCount(), e.rawBytes(), e.storedBytes(), e.sha256(),
                e.fileCount(), e.warnings(), at));
        d.advanceTo(BackupStatus.UPLOADING, at);
        decide(d, at);
    }

    static void uploadCompleted(BackupDraft d, UploadCompleted e, Instant at) {
        d.targetId = or(d.targetId, e.targetId());
        d.storage = or(d.storage, e.storage());
        d.seen(at);
        if (d.status.isFinished()) {
            return;
        }
        d.upload = or(d.upload, new UploadResult(e.bucket(), e.key(), e.manifestKey(), e.size(), e.sha256(),
                e.etag(), e.chunkCount(), at, e.retainUntil()));
        d.advanceTo(BackupStatus.UPLOADING, at);
        decide(d, at);
    }

    static void skipped(BackupDraft d, SnapshotSkipped e, Instant at) {
        d.targetId = or(d.targetId, e.targetId());
        d.policyId = or(d.policyId, e.policyId());
        d.seen(at);
        if (!d.status.isFinished()) {
            d.finish(BackupStatus.SKIPPED, e.reason(), at);
        }
    }

    static void snapshotFailed(BackupDraft d, SnapshotFailed e, Instant at) {
        d.targetId = or(d.targetId, e.targetId());
        d.workerId = or(d.workerId, e.workerId());
        fail(d, e.reason(), at);
    }

    static void uploadFailed(BackupDraft d, UploadFailed e, Instant at) {
        d.targetId = or(d.targetId, e.targetId());
        d.storage = or(d.storage, e.storage());
        fail(d, e.reason(), at);
    }

    static void discovered(BackupDraft d, BackupDiscovered e, Instant at) {
        d.targetId = or(d.targetId, e.targetId());
        d.targetKind = or(d.targetKind, e.targetKind());
        d.type = or(d.type, e.type());
        d.parentBackupId = or(d.parentBackupId, e.parentBackupId());
        d.storage = or(d.storage, e.storage());
        d.compression = or(d.compression, e.compression());
        d.seen(at);
        if (d.status.isFinished()) {
            return;
        }
        // the manifest in the bucket is the proof of a finished upload: a rebuilt catalog trusts it
        d.upload = or(d.upload, new UploadResult(null, e.key(), e.manifestKey(), e.size(), e.sha256(), null,
                e.chunkCount(), at, null));
        d.snapshot = or(d.snapshot, new SnapshotResult(e.chunkCount(), 0, e.size(), e.sha256(), 0, null, at));
        d.startedAt = or(d.startedAt, at);
        d.finish(BackupStatus.COMPLETED, null, at);
    }

    /**
     * The type and parent the worker reports are what it took, so they are the backup's: a request for an
     * incremental that the worker served with a full copy is a FULL without parent. A late report does not
     * change a finished backup's type or parent (retention walks chains by them).
     */
    private static void took(BackupDraft d, BackupType type, String parentBackupId) {
        if (type != null && !d.status.isFinished()) {
            d.type = type;
            d.parentBackupId = parentBackupId;
        }
    }

    /** Whether the worker's and the uploader's reports describe the same bytes. */
    private static boolean agree(SnapshotResult snapshot, UploadResult upload) {
        return BackupCompletion.agrees(new BackupCompletion.Report(snapshot.storedBytes(), snapshot.chunkCount(),
                snapshot.sha256()), new BackupCompletion.Report(upload.size(), upload.chunkCount(), upload.sha256()));
    }

    private static void fail(BackupDraft d, String reason, Instant at) {
        d.seen(at);
        if (!d.status.isFinished()) {
            d.finish(BackupStatus.FAILED, reason, at);
        }
    }

    /** Closes the run once both reports are in. */
    private static void decide(BackupDraft d, Instant at) {
        if (d.snapshot == null || d.upload == null) {
            return;
        }
        if (agree(d.snapshot, d.upload)) {
            d.finish(BackupStatus.COMPLETED, null, later(at, d.snapshot.completedAt(), d.upload.completedAt()));
        } else {
            d.finish(BackupStatus.FAILED, BackupTransitions.CHECKSUM_MISMATCH, at);
        }
    }

    private static Instant later(Instant a, Instant b, Instant c) {
        Instant max = a;
        for (Instant candidate : new Instant[] {b, c}) {
            if (candidate != null && candidate.isAfter(max)) {
                max = candidate;
            }
        }
        return max;
    }
}
