package io.backstream.uploader.it;

import com.github.luben.zstd.Zstd;
import io.backstream.schema.BackupType;
import io.backstream.schema.ChunkHeaders;
import io.backstream.schema.ChunkIndex;
import io.backstream.schema.ChunkRecords;
import io.backstream.schema.Compression;
import io.backstream.schema.TargetKind;
import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.event.SnapshotStarted;
import io.backstream.schema.manifest.BackupManifest;
import io.backstream.testkit.UniqueNames;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A backup as a snapshot worker would stream it: a PAX tar of a generated tree, compressed as
 * independent zstd frames of 1 MiB of tar each, frames grouped into chunks of at least
 * {@code chunkSize} bytes (except the last), with the index, start and end records of
 * {@link ChunkRecords}.
 */
final class TestBackup {

    static final int FRAME_RAW_BYTES = 1024 * 1024;

    final String backupId = UniqueNames.id("backup");
    final String targetId;
    final Instant startedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    final List<byte[]> chunks = new ArrayList<>();
    final List<ChunkIndex> indexes = new ArrayList<>();
    final byte[] archive;
    final long rawBytes;
    final String sha256;
    private final String storage;

    /** Tar entry paths and where their headers start in the tar. */
    private record Entry(BackupManifest.FileEntry file, long headerOffset) {
    }

    TestBackup(Path tree, String targetId, String storage, int chunkSize) throws IOException {
        this.targetId = targetId;
        this.storage = storage;
        ByteArrayOutputStream tarBytes = new ByteArrayOutputStream();
        List<Entry> entries = writeTar(tree, tarBytes);
        byte[] tar = tarBytes.toByteArray();
        rawBytes = tar.length;

        ByteArrayOutputStream all = new ByteArrayOutputStream();
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        long chunkRawOffset = 0;
        long rawOffset = 0;
        for (int frame = 0; rawOffset < tar.length; frame++) {
            int length = (int) Math.min(FRAME_RAW_BYTES, tar.length - rawOffset);
            byte[] compressed = Zstd.compress(Arrays.copyOfRange(tar, (int) rawOffset, (int) rawOffset + length), 3);
            chunk.write(compressed);
            rawOffset += length;
            if (chunk.size() >= chunkSize || rawOffset == tar.length) {
                long start = chunkRawOffset;
                long end = rawOffset;
                long sequence = chunks.size();
                List<BackupManifest.FileEntry> files = entries.stream()
                        .filter(e -> e.headerOffset() >= start && e.headerOffset() < end)
                        .map(Entry::file)
                        .map(f -> new BackupManifest.FileEntry(f.path(), f.type(), f.size(), f.mode(), f.mtime(), sequence,
                                f.rawOffset(), f.linkTarget()))
                        .toList();
                indexes.add(new ChunkIndex(sequence, start, end - start, files));
                chunks.add(chunk.toByteArray());
                all.write(chunk.toByteArray());
                chunk.reset();
                chunkRawOffset = rawOffset;
            }
        }
        archive = all.toByteArray();
        sha256 = sha256(archive);
    }

    /** A tree with nested directories, an empty file, a random file, unicode and long names, a symlink and an empty dir. */
    static Path generateTree(Path root, int randomBytes) throws IOException {
        Random random = new Random(42);
        Path nested = Files.createDirectories(root.resolve("a/b/c"));
        Files.writeString(nested.resolve("notes.txt"), "hello backstream\n".repeat(1000));
        Files.write(root.resolve("empty.bin"), new byte[0]);
        byte[] data = new byte[randomBytes];
        random.nextBytes(data);
        Files.write(root.resolve("a/random.bin"), data);
        Files.writeString(root.resolve("a/b/ünïcødé-文件.txt"), "unicode\n");
        Path longDir = Files.createDirectories(root.resolve("l".repeat(60) + "/" + "m".repeat(60)));
        Files.writeString(longDir.resolve("deep-file-with-a-long-name.txt"), "long path\n");
        Files.createDirectories(root.resolve("empty-dir"));
        Files.createSymbolicLink(root.resolve("link-to-notes"), Path.of("a/b/c/notes.txt"));
        Path script = root.resolve("run.sh");
        Files.writeString(script, "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        return root;
    }

    private static List<Entry> writeTar(Path tree, ByteArrayOutputStream out) throws IOException {
        List<Entry> entries = new ArrayList<>();
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(tree)) {
            paths = walk.filter(p -> !p.equals(tree)).sorted().toList();
        }
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            for (Path path : paths) {
                String name = tree.relativize(path).toString().replace('\\', '/');
                long headerOffset = tar.getBytesWritten();
                Instant mtime = Files.getLastModifiedTime(path, java.nio.file.LinkOption.NOFOLLOW_LINKS).toInstant()
                        .truncatedTo(ChronoUnit.SECONDS);
                if (Files.isSymbolicLink(path)) {
                    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
                    String target = Files.readSymbolicLink(path).toString();
                    entry.setLinkName(target);
                    entry.setModTime(mtime.toEpochMilli());
                    tar.putArchiveEntry(entry);
                    tar.closeArchiveEntry();
                    entries.add(new Entry(new BackupManifest.FileEntry(name, BackupManifest.FileType.SYMLINK, 0, 0777,
                            mtime, null, headerOffset, target), headerOffset));
                } else if (Files.isDirectory(path)) {
                    TarArchiveEntry entry = new TarArchiveEntry(name + "/");
                    int mode = mode(path);
                    entry.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~0777 | mode);
                    entry.setModTime(mtime.toEpochMilli());
                    tar.putArchiveEntry(entry);
                    tar.closeArchiveEntry();
                    entries.add(new Entry(new BackupManifest.FileEntry(name, BackupManifest.FileType.DIRECTORY, 0, mode,
                            mtime, null, headerOffset, null), headerOffset));
                } else {
                    TarArchiveEntry entry = new TarArchiveEntry(name);
                    long size = Files.size(path);
                    int mode = mode(path);
                    entry.setSize(size);
                    entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~0777 | mode);
                    entry.setModTime(mtime.toEpochMilli());
                    tar.putArchiveEntry(entry);
                    try (InputStream in = Files.newInputStream(path)) {
                        in.transferTo(tar);
                    }
                    tar.closeArchiveEntry();
                    entries.add(new Entry(new BackupManifest.FileEntry(name, BackupManifest.FileType.FILE, size, mode,
                            mtime, null, headerOffset, null), headerOffset));
                }
            }
            tar.finish();
        }
        return entries;
    }

    private static int mode(Path path) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return mode;
    }

    /** Every path under {@code tree}, relative, as tar lists them. */
    static Set<String> treePaths(Path tree) throws IOException {
        try (Stream<Path> walk = Files.walk(tree)) {
            return walk.filter(p -> !p.equals(tree)).map(p -> tree.relativize(p).toString())
                    .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
        }
    }

    long fileCount() {
        return indexes.stream().mapToLong(i -> i.files().size()).sum();
    }

    SnapshotStarted started() {
        return new SnapshotStarted(backupId, targetId, TargetKind.DIRECTORY, "test-worker", BackupType.FULL, null,
                Compression.ZSTD, storage, "policy-it", startedAt);
    }

    SnapshotCompleted completed(String announcedSha256) {
        return new SnapshotCompleted(backupId, targetId, TargetKind.DIRECTORY, "test-worker", BackupType.FULL, null,
                Compression.ZSTD, null, storage, "policy-it", chunks.size(), rawBytes, archive.length, announcedSha256,
                fileCount(), List.of("test warning"), startedAt, Instant.now());
    }

    ChunkHeaders headers(int sequence) {
        long offset = 0;
        for (int i = 0; i < sequence; i++) {
            offset += chunks.get(i).length;
        }
        byte[] chunk = chunks.get(sequence);
        return ChunkHeaders.of(backupId, sequence, offset, chunk.length, sha256(chunk), sequence == chunks.size() - 1);
    }

    void sendStart(KafkaProducer<byte[], byte[]> producer, String topic) throws Exception {
        send(producer, topic, ChunkRecords.headers(ChunkRecords.Type.START, backupId), ChunkRecords.encodeStart(started()));
    }

    /** The index record and the data record of chunk {@code sequence}. */
    void sendChunk(KafkaProducer<byte[], byte[]> producer, String topic, int sequence) throws Exception {
        send(producer, topic, indexes.get(sequence).headers(backupId), indexes.get(sequence).encode());
        send(producer, topic, headers(sequence).toHeaders(), chunks.get(sequence));
    }

    void sendEnd(KafkaProducer<byte[], byte[]> producer, String topic, String announcedSha256) throws Exception {
        send(producer, topic, ChunkRecords.headers(ChunkRecords.Type.END, backupId),
                ChunkRecords.encodeEnd(completed(announcedSha256)));
    }

    void sendAll(KafkaProducer<byte[], byte[]> producer, String topic) throws Exception {
        sendStart(producer, topic);
        for (int i = 0; i < chunks.size(); i++) {
            sendChunk(producer, topic, i);
        }
        sendEnd(producer, topic, sha256);
    }

    void send(KafkaProducer<byte[], byte[]> producer, String topic, Map<String, byte[]> headers, byte[] value)
            throws Exception {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, backupId.getBytes(StandardCharsets.UTF_8), value);
        headers.forEach((name, bytes) -> record.headers().add(name, bytes));
        producer.send(record).get();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
