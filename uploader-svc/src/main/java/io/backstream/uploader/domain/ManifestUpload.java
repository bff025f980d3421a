package io.backstream.uploader.domain;

import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.event.SnapshotStarted;
import io.backstream.schema.manifest.BackupManifest;
import io.backstream.schema.manifest.BackupManifests;
import io.backstream.storage.Checksums;
import io.backstream.storage.MultipartUpload;
import io.backstream.storage.ObjectStorage;
import io.backstream.storage.PartReceipt;
import io.backstream.storage.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores the manifest of a completed archive next to it: assembled in a temporary file from the start
 * and end records and the spooled chunk and file lists, then uploaded, so memory stays bounded however
 * many files the backup holds.
 */
final class ManifestUpload {

    private static final Logger LOG = LoggerFactory.getLogger(ManifestUpload.class);
    private static final String CONTENT_TYPE_MANIFEST = "application/json";
    /** Manifests up to this size go in one request; larger ones as a multipart upload. */
    private static final int MANIFEST_PART_SIZE = 8 * 1024 * 1024;

    private final StateStore store;
    private final Clock clock;
    private final Path tempDir;

    /** @param tempDir where manifests are assembled before they are uploaded */
    ManifestUpload(StateStore store, Clock clock, Path tempDir) {
        this.store = store;
        this.clock = clock;
        this.tempDir = tempDir;
    }

    /** Writes the manifest of {@code backup}, whose end record is {@code completed}, to its store. */
    void upload(ActiveUpload backup, SnapshotCompleted completed) {
        UploadState state = backup.state;
        SnapshotStarted started = state.started();
        BackupManifest header = new BackupManifest(BackupManifests.FORMAT_VERSION, state.backupId(), started.targetId(),
                started.targetKind(), started.type(), started.parentBackupId(), started.policyId(), started.startedAt(),
                completed.completedAt() != null ? completed.completedAt() : clock.instant(),
                started.compression(), completed.encryptionKeyId(), completed.storedBytes(), completed.sha256(),
                completed.rawBytes(), List.of(), List.of(), completed.warnings());
        Path file = null;
        try {
            file = Files.createTempFile(tempDir, "manifest-", ".json");
            ManifestWriter.write(file, header, store.firstChunk(state.backupId()), store);
            put(backup.storage.storage(), state.manifestKey(), file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot assemble the manifest of backup " + state.backupId(), e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.warn("Cannot delete temporary manifest {}", file, e);
                }
            }
        }
    }

    /** Small manifests in one request; large ones part by part, so memory stays bounded. */
    private static void put(ObjectStorage storage, String key, Path file) throws IOException {
        long size = Files.size(file);
        if (size <= MANIFEST_PART_SIZE) {
            storage.put(key, Files.readAllBytes(file), CONTENT_TYPE_MANIFEST);
            return;
        }
        int partSize = (int) Math.max(MANIFEST_PART_SIZE, storage.minimumPartSize());
        MultipartUpload upload = storage.start(key, WriteOptions.ofContentType(CONTENT_TYPE_MANIFEST));
        try (InputStream in = Files.newInputStream(file)) {
            List<PartReceipt> parts = new ArrayList<>();
            byte[] buffer = new byte[partSize];
            for (int part = 1; ; part++) {
                int read = in.readNBytes(buffer, 0, partSize);
                if (read == 0) {
                    break;
                }
                ByteBuffer data = ByteBuffer.wrap(buffer, 0, read);
                parts.add(storage.uploadPart(upload, part, data, Checksums.sha256Hex(data)));
            }
            storage.complete(upload, parts);
        } catch (RuntimeException | IOException e) {
            storage.abort(upload);
            throw e;
        }
    }
}
