package io.backstream.uploader.domain;

import io.backstream.schema.ObjectKeys;
import io.backstream.schema.event.SnapshotStarted;
import io.backstream.storage.MultipartUpload;
import io.backstream.storage.ObjectStorage;
import io.backstream.storage.PartReceipt;
import io.backstream.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens a backup's upload: starts it on the start record, or resumes an interrupted one from what
 * the object store and the state store hold, with the parts the store already has, so they need not
 * be sent again. A backup that cannot be opened is announced as failed here; one whose archive or
 * manifest key already holds an object fails with reason {@code object-exists}, and that object is
 * left untouched.
 */
final class UploadResumption {

    /** Reason of a backup whose archive or manifest key is taken by an object already in the store. */
    static final String OBJECT_EXISTS = "object-exists";

    private static final Logger LOG = LoggerFactory.getLogger(UploadResumption.class);

    private final StorageDirectory storages;
    private final StateStore store;
    private final UploadOutcomes outcomes;
    private final Clock clock;

    UploadResumption(StorageDirectory storages, StateStore store, UploadOutcomes outcomes, Clock clock) {
        this.storages = storages;
        this.store = store;
        this.outcomes = outcomes;
        this.clock = clock;
    }

    /**
     * The upload of a backup whose start record is seen for the first time, its state created in the
     * store; {@code null} after announcing why it cannot start.
     */
    ActiveUpload start(SnapshotStarted started) {
        String backupId = started.backupId();
        String name = started.storage() != null ? started.storage() : storages.defaultName();
        Optional<NamedStorage> found = storages.find(name);
        if (found.isEmpty()) {
            outcomes.failed(backupId, started.targetId(), null, null,
                    "unknown storage '" + name + "' (configured: " + String.join(", ", storages.names().stream().sorted().toList()) + ")");
            return null;
        }
        NamedStorage storage = found.get();
        String key;
        try {
            key = ObjectKeys.archiveKey(storage.prefix(), started.targetKind(), started.targetId(),
                    started.startedAt(), backupId, started.compression());
        } catch (IllegalArgumentException e) {
            outcomes.failed(backupId, started.targetId(), storage.name(), null, "cannot name the archive: " + e.getMessage());
            return null;
        }
        String manifestKey = ObjectKeys.manifestKey(key);
        Instant now = clock.instant();
        MultipartUpload upload;
        Map<Integer, PartReceipt> durable;
        try {
            // S3Proxy ignores If-None-Match, so existing objects are refused before the upload starts
            Optional<String> existing = firstExisting(storage.storage(), key, manifestKey);
            if (existing.isPresent()) {
                outcomes.failed(backupId, started.targetId(), storage.name(), null, OBJECT_EXISTS + ": "
                        + existing.get() + " already exists in storage " + storage.name() + "; it is left as it is");
                return null;
            }
            // an upload under this backup's own key left by a start that crashed before its state was saved
            Optional<MultipartUpload> left = storage.storage().findUpload(key);
            upload = left.orElseGet(() -> storage.storage().start(key, storage.optionsAt(now)));
            durable = left.isPresent() ? durableParts(storage.storage(), upload) : Map.of();
        } catch (StorageException e) {
            outcomes.failed(backupId, started.targetId(), storage.name(), null, "cannot start the upload: " + e.getMessage());
            return null;
        }
        ResumableSha256 digest = new ResumableSha256();
        UploadState state = new UploadState(backupId, started, storage.name(), key, manifestKey,
                upload.token(), now, 0, 0, digest.state(), 0, 0, 0, null, null, now);
        store.create(state);
        LOG.info("Backup {}: uploading to storage {} as {}", backupId, storage.name(), key);
        return new ActiveUpload(state, storage, upload, digest, durable);
    }

    /**
     * The upload of a backup this process does not hold, resumed from the state store; {@code null}
     * when the backup is finished already or, after announcing why, when it cannot be resumed.
     *
     * @param what the record that asks for it, for messages
     */
    ActiveUpload resume(String backupId, String what) {
        Optional<String> outcome = store.outcome(backupId);
        if (outcome.isPresent()) {
            AbandonedBackupException.refuseIf(outcome.get(), backupId, what);
            // a finished backup's records come back only by replay (or a lost commit): worth a line, never an action
            LOG.info("Backup {} already {}: {} ignored (replayed or redelivered)", backupId, outcome.get(), what);
            return null;
        }
        Optional<UploadState> loaded = store.load(backupId);
        if (loaded.isEmpty()) {
            outcomes.failed(backupId, null, null, null, "received " + what + " of backup " + backupId
                    + " without its start record and with no resumable upload state");
            return null;
        }
        UploadState state = loaded.get();
        Optional<NamedStorage> storage = storages.find(state.storage());
        if (storage.isEmpty()) {
            outcomes.failed(backupId, state.started().targetId(), state.storage(), state,
                    "storage '" + state.storage() + "' of the unfinished upload is no longer configured");
            return null;
        }
        ObjectStorage objects = storage.get().storage();
        if (state.completed()) {
            return new ActiveUpload(state, storage.get(), new MultipartUpload(state.key(), state.token()),
                    ResumableSha256.restore(state.digestState()), Map.of());
        }
        MultipartUpload upload;
        try {
            upload = resumeUpload(objects, state);
        } catch (StorageException e) {
            outcomes.failed(backupId, state.started().targetId(), state.storage(), state,
                    "cannot resume the unfinished upload of " + state.key() + ": " + e.getMessage());
            return null;
        }
        if (upload == null) {
            outcomes.failed(backupId, state.started().targetId(), state.storage(), state,
                    "the unfinished upload of " + state.key() + " no longer exists in the store (expired or aborted)");
            return null;
        }
        ActiveUpload backup = new ActiveUpload(state, storage.get(), upload, ResumableSha256.restore(state.digestState()),
                durableParts(objects, upload));
        LOG.info("Backup {}: resuming {} at chunk {} ({} parts durable in the store)", backupId, state.key(),
                state.nextSequence(), backup.durableParts());
        return backup;
    }

    /** The upload by its token or, when the store does not know the token, the one it holds for the key. */
    private static MultipartUpload resumeUpload(ObjectStorage storage, UploadState state) {
        try {
            return storage.resume(state.key(), state.token());
        } catch (StorageException e) {
            if (e.kind() != StorageException.Kind.NOT_FOUND) {
                throw e;
            }
            return storage.findUpload(state.key()).orElse(null);
        }
    }

    private static Optional<String> firstExisting(ObjectStorage storage, String... keys) {
        for (String key : keys) {
            if (storage.head(key).isPresent()) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    private static Map<Integer, PartReceipt> durableParts(ObjectStorage storage, MultipartUpload upload) {
        Map<Integer, PartReceipt> parts = new ConcurrentHashMap<>();
        for (PartReceipt part : storage.listParts(upload)) {
            parts.put(part.partNumber(), part);
        }
        return parts;
    }
}
