package io.backstream.uploader.domain;

import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.manifest.BackupManifest;
import io.backstream.storage.ObjectStorage;
import io.backstream.storage.PartReceipt;
import io.backstream.storage.StoredObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The end-of-stream verification: completes a backup's archive object only when what arrived and
 * what the store holds equal the end record (chunk count, size, whole-archive SHA-256, and every
 * part against its spooled chunk), and records the completion in the state store, so a redelivered
 * end record finds the object instead of completing it twice.
 */
final class ArchiveCompletion {

    private final StateStore store;

    ArchiveCompletion(StateStore store) {
        this.store = store;
    }

    /**
     * The completed archive object of a backup whose accepted records are all durable.
     *
     * @throws UploadFailure when the archive does not match the end record, or a completed object
     *                       has disappeared
     */
    StoredObject complete(ActiveUpload backup, SnapshotCompleted completed) throws UploadFailure {
        UploadState state = backup.state;
        ObjectStorage storage = backup.storage.storage();
        if (state.completed()) {
            return storage.head(state.key()).orElseThrow(() ->
                    new UploadFailure("the completed object " + state.key() + " has disappeared"));
        }
        verifyAgainstEnd(backup, completed);
        List<PartReceipt> parts = verifiedParts(backup);
        StoredObject object = storage.complete(backup.upload, parts);
        if (object.size() != completed.storedBytes()) {
            throw new UploadFailure("the stored object has " + object.size() + " bytes, the worker announced "
                    + completed.storedBytes());
        }
        backup.state = state.withCompleted(object.etag());
        backup.accepted = backup.state;
        store.save(backup.state);
        return object;
    }

    private static void verifyAgainstEnd(ActiveUpload backup, SnapshotCompleted completed) throws UploadFailure {
        UploadState state = backup.state;
        if (completed.chunkCount() != state.nextSequence()) {
            throw new UploadFailure("the worker announced " + completed.chunkCount() + " chunks but "
                    + state.nextSequence() + " arrived");
        }
        if (completed.storedBytes() != state.archiveBytes()) {
            throw new UploadFailure("size mismatch: the worker announced " + completed.storedBytes()
                    + " bytes but the chunks hold " + state.archiveBytes());
        }
        String actual = backup.digest.hex();
        if (!actual.equalsIgnoreCase(completed.sha256())) {
            throw new UploadFailure("checksum mismatch: the chunks hash to SHA-256 " + actual
                    + " but the worker announced " + completed.sha256());
        }
    }

    /** The store's parts, checked one by one against the spooled chunks. */
    private List<PartReceipt> verifiedParts(ActiveUpload backup) throws UploadFailure {
        UploadState state = backup.state;
        List<PartReceipt> parts = backup.storage.storage().listParts(backup.upload);
        if (parts.size() != state.nextSequence()) {
            throw new UploadFailure("the store holds " + parts.size() + " parts but " + state.nextSequence()
                    + " chunks were uploaded");
        }
        List<String> problems = new ArrayList<>();
        int[] index = {0};
        store.forEachChunk(state.backupId(), line -> {
            BackupManifest.Chunk chunk = StateStore.parseChunk(line);
            PartReceipt part = parts.get(index[0]++);
            if (part.partNumber() != chunk.sequence() + 1 || part.size() != chunk.size()
                    || (part.sha256Hex() != null && !part.sha256Hex().equalsIgnoreCase(chunk.sha256()))) {
                problems.add("part " + part.partNumber() + " (" + part.size() + " bytes) does not match chunk "
                        + chunk.sequence() + " (" + chunk.size() + " bytes)");
            }
        });
        if (index[0] != parts.size()) {
            throw new UploadFailure("the chunk list of the backup is incomplete");
        }
        if (!problems.isEmpty()) {
            throw new UploadFailure("stored parts differ from the chunks: " + String.join("; ", problems));
        }
        return parts;
    }
}
