package io.backstream.storage.local;

import io.backstream.storage.Checksums;
import io.backstream.storage.Keys;
import io.backstream.storage.MultipartUpload;
import io.backstream.storage.ObjectStorage;
import io.backstream.storage.PartReceipt;
import io.backstream.storage.PendingUpload;
import io.backstream.storage.StorageException;
import io.backstream.storage.StorageException.Kind;
import io.backstream.storage.StoredObject;
import io.backstream.storage.WriteOptions;
import io.backstream.storage.journal.DurableFiles;
import io.backstream.storage.journal.PartJournal;
import io.backstream.storage.journal.PartJournal.Part;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Stores objects as files under a root directory ({@link LocalPaths} maps keys to files). A multipart
 * upload appends to a hidden {@code .<name>.partial} file beside the target and records its parts in a
 * {@code .<name>.partial.json} {@link PartJournal}; both are fsynced before a part is acknowledged, so an
 * upload survives a process restart. {@link #complete} verifies every part's SHA-256 and renames the
 * partial file atomically onto the key.
 *
 * <p>Object lock, server-side encryption and storage classes cannot be honoured here and are rejected
 * with {@link Kind#UNSUPPORTED}.
 */
public final class LocalObjectStorage implements ObjectStorage {

    private final LocalPaths paths;
    private final PartJournal<UploadState> journal = new PartJournal<>(UploadState.class, false);

    /** Uses (and creates) {@code root} as the storage root. */
    public LocalObjectStorage(Path root) {
        try {
            this.paths = new LocalPaths(Files.createDirectories(root).toRealPath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create storage root " + root, e);
        }
    }

    /** The directory objects are stored under. */
    public Path root() {
        return paths.root();
    }

    /** A journal entry: the JSON schema of the upload state. */
    record UploadState(String key, String token, List<Part> parts) implements PartJournal.Entry {
        UploadState {
            parts = List.copyOf(parts);
        }
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
        Path target = paths.path("start", key);
        rejectUnsupported(key, options);
        MultipartUpload upload = new MultipartUpload(key, UUID.randomUUID().toString());
        try {
            Files.createDirectories(target.getParent());
            new PartialFile(LocalPaths.partial(target)).create();
        } catch (IOException e) {
            throw translate("start", key, e);
        }
        journal.write("start", LocalPaths.sidecar(target), new UploadState(key, upload.token(), List.of()));
        return upload;
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
        } else {
            PartJournal.requireNext(state, partNumber);
        }
        long offset = kept.stream().mapToLong(Part::size).sum();
        Path target = paths.path("uploadPart", upload.key());
        try {
            // Drops the bytes of a replaced part or of an append that crashed before its journal entry.
            new PartialFile(LocalPaths.partial(target)).writeAt(offset, data);
        } catch (IOException e) {
            throw translate("uploadPart", upload.key(), e);
        }
        Part part = new Part(partNumber, data.remaining(), sha);
        kept.add(part);
        journal.write("uploadPart", LocalPaths.sidecar(target), new UploadState(upload.key(), upload.token(), kept));
        return part.receipt();
    }

    @Override
    public List<PartReceipt> listParts(MultipartUpload upload) {
        return PartJournal.receipts(state("listParts", upload));
    }

    @Override
    public Optional<MultipartUpload> findUpload(String key) {
        return journal.find("findUpload", key, LocalPaths.sidecar(paths.path("findUpload", key)))
                .map(state -> new MultipartUpload(key, state.token()));
    }

    @Override
    public List<PendingUpload> listUploads(String prefix) {
        String validPrefix = Keys.validatePrefix("listUploads", prefix);
        List<PendingUpload> uploads = new ArrayList<>();
        try (Stream<Path> files = Files.walk(paths.root())) {
            for (Path sidecar : files.filter(LocalPaths::isSidecar).toList()) {
                Optional<UploadState> state = journal.find("listUploads", paths.key(sidecar), sidecar);
                if (state.isPresent() && state.get().key().startsWith(validPrefix)
                        && LocalPaths.sidecar(paths.path("listUploads", state.get().key())).equals(sidecar)) {
                    // the journal is rewritten with every part: its time is the last part's, not the start's
                    uploads.add(new PendingUpload(new MultipartUpload(state.get().key(), state.get().token()),
                            Files.getLastModifiedTime(sidecar).toInstant()));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw translate("listUploads", validPrefix, e instanceof UncheckedIOException u ? u.getCause() : (IOException) e);
        }
        uploads.sort(Comparator.comparing(u -> u.upload().key()));
        return uploads;
    }

    @Override
    public StoredObject complete(MultipartUpload upload, List<PartReceipt> parts) {
        UploadState state = state("complete", upload);
        PartJournal.requireCompletes(state, parts);
        Path target = paths.path("complete", upload.key());
        Path partial = LocalPaths.partial(target);
        try {
            new PartialFile(partial).seal(upload.key(), state.parts());
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(LocalPaths.sidecar(target));
            DurableFiles.fsyncDirectory(target.getParent());
        } catch (IOException e) {
            throw translate("complete", upload.key(), e);
        }
        return head(upload.key()).orElseThrow(() ->
                new StorageException(Kind.OTHER, "complete", upload.key(), "object vanished right after completion"));
    }

    @Override
    public void abort(MultipartUpload upload) {
        Path target = paths.path("abort", upload.key());
        Path sidecar = LocalPaths.sidecar(target);
        Optional<UploadState> state = journal.find("abort", upload.key(), sidecar);
        if (state.isPresent() && !state.get().token().equals(upload.token())) {
            return;
        }
        try {
            Files.deleteIfExists(LocalPaths.partial(target));
        } catch (IOException e) {
            throw translate("abort", upload.key(), e);
        }
        journal.delete("abort", upload.key(), sidecar);
    }

    @Override
    public void put(String key, byte[] content, String contentType) {
        Path target = paths.path("put", key);
        try {
            Files.createDirectories(target.getParent());
            DurableFiles.replace(target, ByteBuffer.wrap(content), false);
        } catch (IOException e) {
            throw translate("put", key, e);
        }
    }

    @Override
    public InputStream read(String key) {
        try {
            return Files.newInputStream(paths.existing("read", key));
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
            FileChannel channel = FileChannel.open(paths.existing("read", key), StandardOpenOption.READ);
            channel.position(offset);
            return new LimitedInputStream(Channels.newInputStream(channel), length);
        } catch (IOException e) {
            throw translate("read", key, e);
        }
    }

    @Override
    public Optional<StoredObject> head(String key) {
        Path file = paths.path("head", key);
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
        try (Stream<Path> files = Files.walk(paths.root())) {
            return files.filter(Files::isRegularFile)
                    .map(paths::key)
                    .filter(key -> key.startsWith(validPrefix) && LocalPaths.isVisible(key))
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
            Files.deleteIfExists(paths.path("delete", key));
        } catch (IOException e) {
            throw translate("delete", key, e);
        }
    }

    @Override
    public URI downloadUrl(String key, Duration ttl) {
        return paths.existing("downloadUrl", key).toUri();
    }

    @Override
    public void close() {
        // Nothing to release: every operation opens and closes its own files.
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
        return journal.require(operation, upload, LocalPaths.sidecar(paths.path(operation, upload.key())));
    }

    private static StoredObject stored(String key, BasicFileAttributes attributes) {
        String etag = Long.toHexString(attributes.size()) + "-" + Long.toHexString(attributes.lastModifiedTime().toMillis());
        return new StoredObject(key, attributes.size(), etag, attributes.lastModifiedTime().toInstant(), null);
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
}
