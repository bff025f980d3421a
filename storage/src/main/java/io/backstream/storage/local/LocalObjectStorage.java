package io.backstream.storage.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstream.storage.Checksums;
import io.backstream.storage.Keys;
import io.backstream.storage.MultipartUpload;
import io.backstream.storage.ObjectStorage;
import io.backstream.storage.PartReceipt;
import io.backstream.storage.StorageException;
import io.backstream.storage.StorageException.Kind;
import io.backstream.storage.StoredObject;
import io.backstream.storage.WriteOptions;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Stores objects as files under a root directory. A multipart upload appends to a hidden
 * {@code .<name>.partial} file beside the target and records its parts in a
 * {@code .<name>.partial.json} sidecar; both are fsynced before a part is acknowledged, so an
 * upload survives a process restart. {@link #complete} verifies every part's SHA-256 and renames the
 * partial file atomically onto the key.
 *
 * <p>Keys can never leave the root: segments {@code ..}, {@code .} and names starting with
 * {@code .} (reserved for upload state) are rejected. Object lock, server-side encryption and
 * storage classes cannot be honoured here and are rejected with {@link Kind#UNSUPPORTED}.
 */
public final class LocalObjectStorage implements ObjectStorage {

    private static final String PARTIAL = ".partial";
    private static final String SIDECAR = ".partial.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;

    /** Uses (and creates) {@code root} as the storage root. */
    public LocalObjectStorage(Path root) {
        try {
            this.root = Files.createDirectories(root).toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create storage root " + root, e);
        }
    }

    /** The directory objects are stored under. */
    public Path root() {
        return root;
    }

    /** Parts recorded in the sidecar; the JSON schema of the upload state. */
    record UploadState(String key, String token, List<Part> parts) {
        UploadState {
            parts = List.copyOf(parts);
        }
    }

    record Part(int partNumber, long size, String sha256) {
    }

    @Override
    public long minimumPartSize() {
        return 1;
    }

    @Override
    public int concurrentParts() {
        return 1;
    }

    @Override
    public MultipartUpload start(String key, WriteOptions options) {
        Path target = path("start", key);
        rejectUnsupported(key, options);
        MultipartUpload upload = new MultipartUpload(key, UUID.randomUUID().toString());
        try {
            Files.createDirectories(target.getParent());
            Files.deleteIfExists(partial(target));
            try (FileChannel ignored = FileChannel.open(partial(target), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ignored.force(true);
            }
            writeState(target, new UploadState(key, upload.token(), List.of()));
            return upload;
        } catch (IOException e) {
            throw translate("start", key, e);
        }
    }

    @Override
    public MultipartUpload resume(String key, String token) {
        MultipartUpload upload = new MultipartUpload(key, token);
        state("resume", upload);
        return upload;
    }

    @Override
    public PartReceipt uploadPart(MultipartUpload upload, int partNumber, ByteBuffer data, String sha256Hex) {
        String sha = Checksums.verify("uploadPart", upload.key(), data, sha256Hex);
        UploadState state = state("uploadPart", upload);
        List<Part> kept = new ArrayList<>(state.parts());
        if (partNumber == kept.size()) {
            kept.remove(kept.size() - 1);
        } else if (partNumber != kept.size() + 1) {
            throw new StorageException(Kind.INVALID_REQUEST, "uploadPart", upload.key(),
                    "part " + partNumber + " out of order: " + kept.size() + " parts are stored");
        }
        long offset = kept.stream().mapToLong(Part::size).sum();
        Path target = path("uploadPart", upload.key());
        try (FileChannel channel = FileChannel.open(partial(target), StandardOpenOption.WRITE)) {
            // Drops the bytes of a replaced part or of an append that crashed before its sidecar update.
            channel.truncate(offset);
            channel.position(offset);
            ByteBuffer source = data.duplicate();
            while (source.hasRemaining()) {
                channel.write(source);
            }
            channel.force(true);
        } catch (IOException e) {
            throw translate("uploadPart", upload.key(), e);
        }
        Part part = new Part(partNumber, data.remaining(), sha);
        kept.add(part);
        writeState(target, new UploadState(upload.key(), upload.token(), kept));
        return receipt(part);
    }

    @Override
    public List<PartReceipt> listParts(MultipartUpload upload) {
        return state("listParts", upload).parts().stream().map(LocalObjectStorage::receipt).toList();
    }

    @Override
    public Optional<MultipartUpload> findUpload(String key) {
        Path sidecar = sidecar(path("findUpload", key));
        if (!Files.exists(sidecar)) {
            return Optional.empty();
        }
        return Optional.of(new MultipartUpload(key, readState("findUpload", key, sidecar).token()));
    }

    @Override
    public StoredObject complete(MultipartUpload upload, List<PartReceipt> parts) {
        UploadState state = state("complete", upload);
        List<PartReceipt> stored = state.parts().stream().map(LocalObjectStorage::receipt).toList();
        if (!stored.equals(List.copyOf(parts))) {
            throw new StorageException(Kind.INTEGRITY, "complete", upload.key(),
                    "the parts given do not match the " + stored.size() + " stored parts");
        }
        Path target = path("complete", upload.key());
        Path partial = partial(target);
        try {
            long expected = state.parts().stream().mapToLong(Part::size).sum();
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                if (channel.size() < expected) {
                    throw new StorageException(Kind.INTEGRITY, "complete", upload.key(),
                            "partial file has " + channel.size() + " bytes, parts add up to " + expected);
                }
                channel.truncate(expected);
                verifyParts(upload.key(), channel, state.parts());
                channel.force(true);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(sidecar(target));
            fsyncDirectory(target.getParent());
        } catch (IOException e) {
            throw translate("complete", upload.key(), e);
        }
        return head(upload.key()).orElseThrow(() ->
                new StorageException(Kind.OTHER, "complete", upload.key(), "object vanished right after completion"));
    }

    private static void verifyParts(String key, FileChannel channel, List<Part> parts) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        long position = 0;
        for (Part part : parts) {
            MessageDigest digest = Checksums.sha256();
            long remaining = part.size();
            while (remaining > 0) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), remaining));
                int read = channel.read(buffer, position);
                if (read < 0) {
                    throw new StorageException(Kind.INTEGRITY, "complete", key, "partial file ends inside part " + part.partNumber());
                }
                buffer.flip();
                digest.update(buffer);
                position += read;
                remaining -= read;
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(part.sha256())) {
                throw new StorageException(Kind.INTEGRITY, "complete", key,
                        "part " + part.partNumber() + " on disk has SHA-256 " + actual + ", expected " + part.sha256());
            }
        }
    }

    @Override
    public void abort(MultipartUpload upload) {
        Path target = path("abort", upload.key());
        Path sidecar = sidecar(target);
        if (Files.exists(sidecar) && !readState("abort", upload.key(), sidecar).token().equals(upload.token())) {
            return;
        }
        try {
            Files.deleteIfExists(partial(target));
            Files.deleteIfExists(sidecar);
        } catch (IOException e) {
            throw translate("abort", upload.key(), e);
        }
    }

    @Override
    public void put(String key, byte[] content, String contentType) {
        Path target = path("put", key);
        try {
            Files.createDirectories(target.getParent());
            Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
            writeDurably(temp, ByteBuffer.wrap(content));
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            fsyncDirectory(target.getParent());
        } catch (IOException e) {
            throw translate("put", key, e);
        }
    }

    @Override
    public InputStream read(String key) {
        try {
            return Files.newInputStream(existing("read", key));
        } catch (IOException e) {
            throw translate("read", key, e);
        }
    }

    @Override
    public InputStream read(String key, long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new StorageException(Kind.INVALID_REQUEST, "read", key, "offset and length must be >= 0");
        }
        try {
            FileChannel channel = FileChannel.open(existing("read", key), StandardOpenOption.READ);
            channel.position(offset);
            return new LimitedInputStream(Channels.newInputStream(channel), length);
        } catch (IOException e) {
            throw translate("read", key, e);
        }
    }

    @Override
    public Optional<StoredObject> head(String key) {
        Path file = path("head", key);
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                return Optional.empty();
            }
            return Optional.of(stored(key, attributes));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw translate("head", key, e);
        }
    }

    @Override
    public List<StoredObject> list(String prefix) {
        String validPrefix = Keys.validatePrefix("list", prefix);
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .map(file -> root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/"))
                    .filter(key -> key.startsWith(validPrefix) && isVisible(key))
                    .sorted()
                    .map(this::head)
                    .flatMap(Optional::stream)
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw translate("list", validPrefix, e instanceof UncheckedIOException u ? u.getCause() : (IOException) e);
        }
    }

    @Override
    public void delete(String key) {
        try {
            Files.deleteIfExists(path("delete", key));
        } catch (IOException e) {
            throw translate("delete", key, e);
        }
    }

    @Override
    public URI downloadUrl(String key, Duration ttl) {
        return existing("downloadUrl", key).toUri();
    }

    @Override
    public void close() {
        // Nothing to release: every operation opens and closes its own files.
    }

    private static boolean isVisible(String key) {
        for (String segment : key.split("/")) {
            if (segment.startsWith(".")) {
                return false;
            }
        }
        return true;
    }

    private Path path(String operation, String key) {
        Keys.validate(operation, key);
        if (!isVisible(key)) {
            throw new StorageException(Kind.INVALID_REQUEST, operation, key,
                    "segments starting with '.' are reserved for upload state");
        }
        Path resolved = root.resolve(key).normalize();
        if (!resolved.startsWith(root) || resolved.equals(root)) {
            throw new StorageException(Kind.INVALID_REQUEST, operation, key, "key escapes the storage root");
        }
        return resolved;
    }

    private Path existing(String operation, String key) {
        Path file = path(operation, key);
        if (!Files.isRegularFile(file)) {
            throw new StorageException(Kind.NOT_FOUND, operation, key, "no such object");
        }
        return file;
    }

    private static Path partial(Path target) {
        return target.resolveSibling("." + target.getFileName() + PARTIAL);
    }

    private static Path sidecar(Path target) {
        return target.resolveSibling("." + target.getFileName() + SIDECAR);
    }

    private static void rejectUnsupported(String key, WriteOptions options) {
        Objects.requireNonNull(options, "options");
        if (options.objectLock() != null) {
            throw new StorageException(Kind.UNSUPPORTED, "start", key, "local storage cannot enforce object lock");
        }
        if (options.encryption().mode() != WriteOptions.SseMode.NONE) {
            throw new StorageException(Kind.UNSUPPORTED, "start", key, "local storage has no server-side encryption");
        }
        if (options.storageClass() != null) {
            throw new StorageException(Kind.UNSUPPORTED, "start", key, "local storage has no storage classes");
        }
    }

    private UploadState state(String operation, MultipartUpload upload) {
        Path sidecar = sidecar(path(operation, upload.key()));
        if (!Files.exists(sidecar)) {
            throw new StorageException(Kind.NOT_FOUND, operation, upload.key(), "no unfinished upload");
        }
        UploadState state = readState(operation, upload.key(), sidecar);
        if (!state.token().equals(upload.token())) {
            throw new StorageException(Kind.NOT_FOUND, operation, upload.key(), "no unfinished upload with this token");
        }
        return state;
    }

    private static UploadState readState(String operation, String key, Path sidecar) {
        try {
            return JSON.readValue(sidecar.toFile(), UploadState.class);
        } catch (IOException e) {
            throw translate(operation, key, e);
        }
    }

    private void writeState(Path target, UploadState state) {
        Path sidecar = sidecar(target);
        Path temp = sidecar.resolveSibling(sidecar.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            writeDurably(temp, ByteBuffer.wrap(JSON.writeValueAsBytes(state)));
            Files.move(temp, sidecar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            fsyncDirectory(target.getParent());
        } catch (IOException e) {
            throw translate("writeState", state.key(), e);
        }
    }

    private static void writeDurably(Path file, ByteBuffer content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (content.hasRemaining()) {
                channel.write(content);
            }
            channel.force(true);
        }
    }

    /** Makes a rename durable; directories cannot be fsynced on every platform, which is tolerated. */
    private static void fsyncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignored) {
            // Windows cannot open directories; the rename itself is still atomic there.
        }
    }

    private static StoredObject stored(String key, BasicFileAttributes attributes) {
        String etag = Long.toHexString(attributes.size()) + "-" + Long.toHexString(attributes.lastModifiedTime().toMillis());
        return new StoredObject(key, attributes.size(), etag, attributes.lastModifiedTime().toInstant(), null);
    }

    private static PartReceipt receipt(Part part) {
        return new PartReceipt(part.partNumber(), part.size(), part.sha256(), part.sha256());
    }

    private static StorageException translate(String operation, String key, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new StorageException(Kind.NOT_FOUND, operation, key, "no such file", e);
        }
        if (e instanceof AccessDeniedException) {
            return new StorageException(Kind.ACCESS_DENIED, operation, key, "access denied", e);
        }
        if (e instanceof FileAlreadyExistsException) {
            return new StorageException(Kind.INVALID_REQUEST, operation, key, "a file or directory is in the way", e);
        }
        return new StorageException(Kind.OTHER, operation, key, e.toString(), e);
    }

    /** Stops after {@code remaining} bytes so a ranged read never returns more than asked for. */
    private static final class LimitedInputStream extends FilterInputStream {
        private long remaining;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, remaining));
            remaining -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), remaining);
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
