package io.backstream.restore.domain;

import io.backstream.schema.manifest.BackupManifest;
import io.backstream.storage.ObjectStorage;

import java.util.List;

/** One backup of a restore's chain: where the catalog says it is, the storage holding it and its checked manifest. */
record LoadedBackup(BackupLocation location, ObjectStorage storage, BackupManifest manifest) {

    /** The backup ids of a chain, oldest first. */
    static List<String> ids(List<LoadedBackup> chain) {
        return chain.stream().map(l -> l.location().backupId()).toList();
    }
}
