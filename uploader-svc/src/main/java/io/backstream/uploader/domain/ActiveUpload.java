package io.backstream.uploader.domain;

import io.backstream.schema.ChunkHeaders;
import io.backstream.schema.manifest.BackupManifest;
import io.backstream.storage.MultipartUpload;
import io.backstream.storage.PartReceipt;
import io.backstream.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A backup being uploaded, as this process knows it: what the state store holds, what was accepted
 * since, and the accepted records whose effect is not durable yet.
 */
final class ActiveUpload {

    private static final Logger LOG = LoggerFactory.getLogger(ActiveUpload.class);

    /** What the state store holds. */
    UploadState state;
    /** {@link #state} plus the records accepted since; equal to it once they are durable. */
    UploadState accepted;
    /** The accepted records that are not durable yet, in order. */
    final List<Staged> staged = new ArrayList<>();
    final NamedStorage storage;
    final MultipartUpload upload;
    final ResumableSha256 digest;
    /** Parts found durable when the upload was resumed; empty for an upload this process started. */
    private final Map<Integer, PartReceipt> durable;

    ActiveUpload(UploadState state, NamedStorage storage, MultipartUpload upload, ResumableSha256 digest,
                 Map<Integer, PartReceipt> durable) {
        this.state = state;
        this.accepted = state;
        this.storage = storage;
        this.upload = upload;
        this.digest = digest;
        this.durable = durable;
    }

    /**
     * An accepted record whose effect is not durable yet: the file entries of an index record, or the
     * chunk line of a data record and its part upload ({@code null} when the part was durable already).
     */
    record Staged(List<BackupManifest.FileEntry> files, BackupManifest.Chunk chunk, int partNumber,
                  CompletableFuture<Void> part) {
    }

    String backupId() {
        return state.backupId();
    }

    /** How many parts were found durable when the upload was resumed. */
    int durableParts() {
        return durable.size();
    }

    /**
     * Whether part {@code partNumber} was found durable holding these bytes: by its SHA-256 when the
     * store reports one, else by its ETag, which S3 computes as the MD5 of the part for unencrypted and
     * SSE-S3 objects.
     */
    boolean holdsDurably(int partNumber, ChunkHeaders chunk, ByteBuffer bytes) {
        PartReceipt part = durable.get(partNumber);
        if (part == null || part.size() != chunk.size()) {
            return false;
        }
        if (part.sha256Hex() != null) {
            return part.sha256Hex().equalsIgnoreCase(chunk.sha256());
        }
        if (part.etag() == null) {
            return false;
        }
        String etag = part.etag().replace("\"", "");
        return etag.equalsIgnoreCase(md5Hex(bytes.duplicate()));
    }

    /**
     * Waits until every staged part has settled. Returns the first storage failure as a reason, or
     * {@code null}; any other failure is thrown once all parts have settled.
     */
    String awaitParts() {
        String storageFailure = null;
        RuntimeException unexpected = null;
        for (Staged step : staged) {
            if (step.part() == null) {
                continue;
            }
            try {
                step.part().join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof StorageException storage) {
                    if (storageFailure == null) {
                        storageFailure = "part " + step.partNumber() + " could not be stored: " + storage.getMessage();
                    }
                } else if (unexpected == null) {
                    unexpected = e.getCause() instanceof RuntimeException runtime ? runtime : e;
                }
            }
        }
        if (unexpected != null) {
            throw unexpected;
        }
        return storageFailure;
    }

    /**
     * Waits until every staged part has settled, whatever its outcome, and forgets the staged records.
     *
     * @param why why they are discarded, for the log of a part that failed
     */
    void discardStaged(String why) {
        try {
            awaitParts();
        } catch (RuntimeException e) {
            LOG.debug("Backup {}: a part in flight failed; its records are discarded because {}", backupId(), why, e);
        }
        staged.clear();
    }

    private static String md5Hex(ByteBuffer bytes) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(bytes);
            return HexFormat.of().formatHex(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }
}
