package io.backstream.uploader.domain;

import io.backstream.schema.ObjectKeys;
import io.backstream.storage.MultipartUpload;
import io.backstream.storage.PendingUpload;
import io.backstream.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Aborts the unfinished uploads that no uploader state knows about: left by a crash between starting an
 * upload and saving its state, or by a state directory that was lost. Only uploads under a storage's
 * prefix whose keys Backstream named for exactly that prefix, and only those started longer than the
 * abandonment time ago, are aborted: a recent one may belong to another uploader replica, and completed
 * objects are never listed at all.
 */
public final class OrphanUploadSweep {

    private static final Logger LOG = LoggerFactory.getLogger(OrphanUploadSweep.class);

    private final StorageDirectory storages;
    private final StateStore store;
    private final UploadMetrics metrics;
    private final Clock clock;
    private final Duration abandonAfter;

    public OrphanUploadSweep(StorageDirectory storages, StateStore store, UploadMetrics metrics, Clock clock,
                             Duration abandonAfter) {
        this.storages = Objects.requireNonNull(storages, "storages");
        this.store = Objects.requireNonNull(store, "store");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.abandonAfter = Objects.requireNonNull(abandonAfter, "abandonAfter");
    }

    /** Sweeps every storage; returns how many uploads were aborted. A storage that cannot be listed is skipped. */
    public int sweep() {
        Set<String> knownTokens = new HashSet<>();
        // keys too: a resumed upload may have been found under its key with another token
        Set<String> knownKeys = new HashSet<>();
        for (UploadState state : store.unfinished()) {
            knownTokens.add(state.token());
            knownKeys.add(state.key());
        }
        Instant now = clock.instant();
        int aborted = 0;
        for (String name : storages.names()) {
            aborted += sweep(storages.find(name).orElseThrow(), knownTokens, knownKeys, now);
        }
        return aborted;
    }

    private int sweep(NamedStorage storage, Set<String> knownTokens, Set<String> knownKeys, Instant now) {
        String folder = ObjectKeys.normalise(storage.prefix());
        List<PendingUpload> uploads;
        try {
            uploads = storage.storage().listUploads(folder.isEmpty() ? "" : folder + "/");
        } catch (StorageException e) {
            LOG.warn("Storage {}: cannot list unfinished uploads under '{}', none aborted: {}", storage.name(), folder,
                    e.getMessage());
            return 0;
        }
        Instant cutoff = now.minus(abandonAfter);
        int aborted = 0;
        for (PendingUpload pending : uploads) {
            MultipartUpload upload = pending.upload();
            if (knownTokens.contains(upload.token()) || knownKeys.contains(upload.key()) || !pending.initiated().isBefore(cutoff)
                    || !namedIn(upload.key(), folder)) {
                continue;
            }
            try {
                storage.storage().abort(upload);
            } catch (StorageException e) {
                LOG.warn("Storage {}: cannot abort the orphan upload of {}: {}", storage.name(), upload.key(), e.getMessage());
                continue;
            }
            metrics.orphanUploadAborted(storage.name());
            LOG.warn("Storage {}: aborted the orphan upload of {}, started {} ago ({}), which no uploader state knows",
                    storage.name(), upload.key(), Duration.between(pending.initiated(), now), pending.initiated());
            aborted++;
        }
        return aborted;
    }

    /** Whether Backstream named {@code key} as an archive or manifest directly in {@code folder}. */
    private static boolean namedIn(String key, String folder) {
        try {
            return ObjectKeys.parse(key).prefix().equals(folder);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
