package io.backstream.schema.manifest;

import io.backstream.schema.BackupType;
import io.backstream.schema.Compression;
import io.backstream.schema.TargetKind;
import io.backstream.schema.Warnings;
import java.time.Instant;
import java.util.List;

/**
 * The sidecar {@code <archive key>.manifest.json} the uploader writes next to each archive. It alone lets the
 * catalog be rebuilt from the bucket. Read and write it with {@link BackupManifests}.
 *
 * @param formatVersion   manifest format version ({@link BackupManifests#MIN_FORMAT_VERSION} ..
 *                        {@link BackupManifests#MAX_FORMAT_VERSION} are readable)
 * @param archiveSize     stored (compressed) size of the archive object in bytes
 * @param archiveSha256   lower-case hex SHA-256 of the whole archive object
 * @param rawBytes        uncompressed tar size, when known
 * @param chunks          chunks in sequence order; concatenated they are the archive
 * @param files           entries of the tar in archive order
 */
public record BackupManifest(
        int formatVersion,
        String backupId,
        String targetId,
        TargetKind targetKind,
        BackupType type,
        String parentBackupId,
        String policyId,
        Instant createdAt,
        Instant completedAt,
        Compression compression,
        String encryptionKeyId,
        long archiveSize,
        String archiveSha256,
        Long rawBytes,
        List<Chunk> chunks,
        List<FileEntry> files,
        List<String> warnings) {

    public BackupManifest {
        chunks = chunks == null ? List.of() : List.copyOf(chunks);
        files = files == null ? List.of() : List.copyOf(files);
        // bounded like the schema, so an archive with very many warnings still makes a valid event
        warnings = Warnings.bounded(warnings);
    }

    /**
     * One chunk: its position in the archive, its own checksum, and where its frames sit in the
     * uncompressed tar stream (null when not known).
     */
    public record Chunk(long sequence, long offset, long size, String sha256, Long rawOffset, Long rawSize) {
    }

    /**
     * One tar entry.
     *
     * @param path          path inside the archive, '/'-separated, relative
     * @param size          content bytes (0 for directories and links)
     * @param mode          POSIX permission bits, e.g. 420 for 0644; null when not known
     * @param mtime         modification time; null when not known
     * @param chunkSequence chunk holding the entry's header; null when not tracked
     * @param rawOffset     offset of the entry's header in the uncompressed tar stream; null when not tracked
     * @param linkTarget    target of a symbolic or hard link, else null
     */
    public record FileEntry(String path, FileType type, long size, Integer mode, Instant mtime, Long chunkSequence,
                            Long rawOffset, String linkTarget) {
    }

    /** Kinds of tar entries. */
    public enum FileType {
        FILE,
        DIRECTORY,
        SYMLINK,
        HARDLINK,
        OTHER
    }
}
