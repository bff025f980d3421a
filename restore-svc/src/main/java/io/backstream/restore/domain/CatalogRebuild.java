package io.backstream.restore.domain;

import io.backstream.schema.ObjectKeys;
import io.backstream.schema.event.BackupDiscovered;
import io.backstream.schema.manifest.BackupManifest;
import io.backstream.storage.ObjectStorage;
import io.backstream.storage.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds the catalog's index from a storage: lists every Backstream manifest in it, reads each and emits one
 * {@code BackupDiscovered}. Objects Backstream did not name and manifests that cannot be read are skipped and
 * counted.
 */
public final class CatalogRebuild {

    /** What a rebuild found. */
    public record Result(String storage, int discovered, List<String> skipped) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(CatalogRebuild.class);

    private final Storages storages;
    private final RestoreEvents events;

    public CatalogRebuild(Storages storages, RestoreEvents events) {
        this.storages = storages;
        this.events = events;
    }

    /**
     * Emits a {@code BackupDiscovered} per manifest in storage {@code name}.
     *
     * @throws RestoreFailure {@code storage-not-configured} for an unknown storage name
     */
    public Result rebuild(String name) {
        ObjectStorage storage = storages.find(name).orElseThrow(() -> new RestoreFailure("storage-not-configured",
                "this service has no storage '" + name + "'"));
        int discovered = 0;
        List<String> skipped = new ArrayList<>();
        for (StoredObject object : storage.list("")) {
            ObjectKeys.ParsedKey parsed;
            try {
                parsed = ObjectKeys.parse(object.key());
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (!parsed.manifest()) {
                continue;
            }
            BackupManifest manifest;
            try {
                manifest = ChainLoader.readManifest(storage, new BackupLocation(null, parsed.targetId(), null, name,
                        parsed.archiveKey(), object.key(), 0, null));
            } catch (RestoreFailure e) {
                LOG.warn("Rebuild of {} skips {}: {}", name, object.key(), e.reason());
                skipped.add(object.key());
                continue;
            }
            events.discovered(new BackupDiscovered(manifest.backupId(), manifest.targetId(), manifest.targetKind(),
                    manifest.type(), manifest.parentBackupId(), name, parsed.archiveKey(), object.key(),
                    manifest.archiveSize(), manifest.archiveSha256(), manifest.chunks().size(), manifest.compression(),
                    manifest.createdAt()));
            discovered++;
        }
        return new Result(name, discovered, skipped);
    }
}
