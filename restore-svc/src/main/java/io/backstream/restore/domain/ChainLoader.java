package io.backstream.restore.domain;

import io.backstream.schema.event.RestoreRequested;
import io.backstream.schema.manifest.BackupManifest;
import io.backstream.schema.manifest.BackupManifests;
import io.backstream.schema.manifest.ManifestRejectedException;
import io.backstream.storage.ObjectStorage;
import io.backstream.storage.StorageException;
import io.backstream.storage.StoredObject;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the backups a request names through the {@link Catalog} (one backup, or the chain of a target at a point
 * in time) and loads each one's manifest, checking that its chunks tile the archive, that its SHA-256 is the
 * catalog's and that the stored archive has its size. Every failure is a {@link RestoreFailure}.
 */
final class ChainLoader {

    /** Bytes a manifest may have: a few million entries' worth, so a forged one cannot exhaust the heap. */
    static final int MANIFEST_MAX_BYTES = 256 * 1024 * 1024;

    private final Catalog catalog;
    private final Storages storages;

    ChainLoader(Catalog catalog, Storages storages) {
        this.catalog = catalog;
        this.storages = storages;
    }

    /** The request's backups, oldest first, each with its checked manifest. */
    List<LoadedBackup> load(RestoreRequested request) {
        List<LoadedBackup> loaded = new ArrayList<>();
        for (BackupLocation location : resolve(request)) {
            ObjectStorage storage = storages.find(location.storage()).orElseThrow(() -> new RestoreFailure(
                    "storage-not-configured", "backup " + location.backupId() + " is in storage '" + location.storage()
                            + "', which this service does not have"));
            BackupManifest manifest = readManifest(storage, location);
            checkLayout(storage, location, manifest);
            loaded.add(new LoadedBackup(location, storage, manifest));
        }
        return loaded;
    }

    /** Reads a manifest of at most {@link #MANIFEST_MAX_BYTES}; every failure is a {@link RestoreFailure}. */
    static BackupManifest readManifest(ObjectStorage storage, BackupLocation location) {
        try (InputStream in = storage.read(location.manifestKey())) {
            byte[] json = in.readNBytes(MANIFEST_MAX_BYTES + 1);
            if (json.length > MANIFEST_MAX_BYTES) {
                throw new RestoreFailure("manifest-invalid", location.manifestKey() + " is larger than "
                        + MANIFEST_MAX_BYTES + " bytes");
            }
            return BackupManifests.read(json);
        } catch (StorageException e) {
            if (e.kind() == StorageException.Kind.NOT_FOUND) {
                throw new RestoreFailure("backup-not-found", "manifest " + location.manifestKey() + " is missing");
            }
            throw new RestoreFailure("storage-error", e.getMessage(), e);
        } catch (ManifestRejectedException e) {
            throw new RestoreFailure("manifest-invalid", location.manifestKey() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new RestoreFailure("storage-error", "reading " + location.manifestKey() + ": " + e.getMessage(), e);
        }
    }

    private List<BackupLocation> resolve(RestoreRequested request) {
        if (request.backupId() != null) {
            return List.of(catalog.backup(request.backupId()).orElseThrow(() -> new RestoreFailure(
                    "backup-not-found", "the catalog knows no backup " + request.backupId())));
        }
        List<BackupLocation> chain = catalog.restorePoint(request.targetId(), request.pointInTime());
        if (chain.isEmpty()) {
            throw new RestoreFailure("backup-not-found", "the catalog has no backup of target " + request.targetId()
                    + " at or before " + request.pointInTime());
        }
        return chain;
    }

    private static void checkLayout(ObjectStorage storage, BackupLocation location, BackupManifest manifest) {
        long offset = 0;
        for (BackupManifest.Chunk chunk : manifest.chunks()) {
            if (chunk.offset() != offset || chunk.size() <= 0) {
                throw new RestoreFailure("checksum-mismatch", "manifest " + location.manifestKey() + ": chunk "
                        + chunk.sequence() + " is not contiguous with the previous one");
            }
            offset += chunk.size();
        }
        if (offset != manifest.archiveSize()) {
            throw new RestoreFailure("checksum-mismatch", "manifest " + location.manifestKey() + ": chunks add up to "
                    + offset + " bytes, the archive size is " + manifest.archiveSize());
        }
        if (location.sha256() != null && !location.sha256().equalsIgnoreCase(manifest.archiveSha256())) {
            throw new RestoreFailure("checksum-mismatch", "the catalog says backup " + location.backupId()
                    + " has SHA-256 " + location.sha256() + ", its manifest says " + manifest.archiveSha256());
        }
        StoredObject stored;
        try {
            stored = storage.head(location.key()).orElseThrow(() -> new RestoreFailure("backup-not-found",
                    "archive " + location.key() + " is missing from storage " + location.storage()));
        } catch (StorageException e) {
            throw new RestoreFailure("storage-error", e.getMessage(), e);
        }
        if (stored.size() != manifest.archiveSize()) {
            throw new RestoreFailure("checksum-mismatch", "archive " + location.key() + " is " + stored.size()
                    + " bytes, the manifest says " + manifest.archiveSize());
        }
    }
}
