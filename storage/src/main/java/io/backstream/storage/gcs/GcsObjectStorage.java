package io.backstream.storage.gcs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.BaseServiceException;
import com.google.cloud.ReadChannel;
import com.google.cloud.RestorableState;
import com.google.cloud.ServiceOptions;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageClass;
import com.google.cloud.storage.StorageOptions;
import io.backstream.storage.Checksums;
import io.backstream.storage.Keys;
import io.backstream.storage.MultipartUpload;
import io.backstream.storage.ObjectStorage;
import io.backstream.storage.PartReceipt;
import io.backstream.storage.StorageException;
import io.backstream.storage.StorageException.Kind;
import io.backstream.storage.StoredObject;
import io.backstream.storage.WriteOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

/**
 * Google Cloud Storage backend. A multipart upload is one GCS resumable upload: every part is written
 * to the session in {@link GcsConfig#chunkSize()} requests, and the part's last bytes that do not
 * fill a chunk stay in the captured channel state. That state, the offset and the parts are written
 * (fsynced, owner-only) to a session file after every part, so another process with the same session
 * directory resumes the upload; {@link #complete} sends the tail and finalises the object.
 *
 * <p>The serialised channel state never contains the client's options or credentials: they are
 * replaced by a marker on write and by this instance's options on read.
 *
 * <p>Aborting forgets the session locally; GCS discards unfinished resumable sessions after a week.
 * Object lock maps to GCS object retention (GOVERNANCE = Unlocked, COMPLIANCE = Locked), which needs
 * a bucket with object retention enabled; SSE_KMS maps to a customer-managed key; SSE_S3 is what GCS
 * always does.
 */
public final class GcsObjectStorage implements ObjectStorage {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Storage storage;
    private final GcsConfig config;

    /**
     * Uses {@code storage} (its credentials and endpoint) for the bucket in {@code config}. The caller
     * keeps ownership of {@code storage}: {@link #close()} does not close it.
     */
    public GcsObjectStorage(Storage storage, GcsConfig config) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.config = Objects.requireNonNull(config, "config");
        try {
            Files.createDirectories(config.sessionDirectory());
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(config.sessionDirectory(), PosixFilePermissions.fromString("rwx------"));
            }
        } catch (IOException e) {
            throw new StorageException(Kind.OTHER, "init", config.sessionDirectory().toString(), "cannot create the session directory", e);
        }
    }

    /** The GCS client every service uses: Application Default Credentials; the caller closes it. */
    public static Storage applicationDefaultClient() {
        return StorageOptions.getDefaultInstance().getService();
    }

    /** What a session file holds; {@code state} is the base64 Java-serialised channel state. */
    record Session(String key, String token, long position, List<Part> parts, String state) {
        Session {
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
        BlobInfo info = blobInfo(key, options);
        List<Storage.BlobWriteOption> writeOptions = new ArrayList<>();
        if (options.encryption().mode() == WriteOptions.SseMode.SSE_KMS) {
            if (options.encryption().kmsKeyId() == null) {
                throw new StorageException(Kind.UNSUPPORTED, "start", key, "GCS needs an explicit KMS key name for SSE_KMS");
            }
            writeOptions.add(Storage.BlobWriteOption.kmsKeyName(options.encryption().kmsKeyId()));
        }
        try {
            // Not closed: closing would finalise an empty object. The session lives on in its state.
            WriteChannel channel = storage.writer(info, writeOptions.toArray(Storage.BlobWriteOption[]::new));
            channel.setChunkSize(config.chunkSize());
            MultipartUpload upload = new MultipartUpload(key, UUID.randomUUID().toString());
            saveSession(new Session(key, upload.token(), 0, List.of(), serialise(channel.capture())));
            return upload;
        } catch (IOException | RuntimeException e) {
            throw translate("start", key, e);
        }
    }

    @Override
    public MultipartUpload resume(String key, String token) {
        MultipartUpload upload = new MultipartUpload(key, token);
        session("resume", upload);
        return upload;
    }

    @Override
    public PartReceipt uploadPart(MultipartUpload upload, int partNumber, ByteBuffer data, String sha256Hex) {
        String sha = Checksums.verify("uploadPart", upload.key(), data, sha256Hex);
        Session session = session("uploadPart", upload);
        List<Part> parts = new ArrayList<>(session.parts());
        if (partNumber == parts.size() && partNumber > 0) {
            Part last = parts.get(parts.size() - 1);
            if (last.sha256().equals(sha) && last.size() == data.remaining()) {
                return receipt(last);
            }
            throw new StorageException(Kind.INVALID_REQUEST, "uploadPart", upload.key(),
                    "part " + partNumber + " is already stored with different content; GCS cannot replace it");
        }
        if (partNumber != parts.size() + 1) {
            throw new StorageException(Kind.INVALID_REQUEST, "uploadPart", upload.key(),
                    "part " + partNumber + " out of order: " + parts.size() + " parts are stored");
        }
        // The channel is deliberately not closed: closing would finalise the object.
        WriteChannel channel = restore(upload, session);
        try {
            ByteBuffer source = data.duplicate();
            while (source.hasRemaining()) {
                channel.write(source);
            }
            Part part = new Part(partNumber, data.remaining(), sha);
            parts.add(part);
            saveSession(new Session(upload.key(), upload.token(), session.position() + part.size(), parts,
                    serialise(channel.capture())));
            return receipt(part);
        } catch (IOException | RuntimeException e) {
            throw translate("uploadPart", upload.key(), e);
        }
    }

    @Override
    public List<PartReceipt> listParts(MultipartUpload upload) {
        return session("listParts", upload).parts().stream().map(GcsObjectStorage::receipt).toList();
    }

    @Override
    public Optional<MultipartUpload> findUpload(String key) {
        Path file = sessionFile(objectName("findUpload", key));
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(new MultipartUpload(key, readSession("findUpload", key, file).token()));
    }

    @Override
    public StoredObject complete(MultipartUpload upload, List<PartReceipt> parts) {
        Session session = session("complete", upload);
        List<PartReceipt> stored = session.parts().stream().map(GcsObjectStorage::receipt).toList();
        if (!stored.equals(List.copyOf(parts))) {
            throw new StorageException(Kind.INTEGRITY, "complete", upload.key(),
                    "the parts given do not match the " + stored.size() + " stored parts");
        }
        try {
            restore(upload, session).close();
        } catch (IOException | RuntimeException e) {
            throw translate("complete", upload.key(), e);
        }
        StoredObject object = head(upload.key()).orElseThrow(() ->
                new StorageException(Kind.INTEGRITY, "complete", upload.key(), "object missing after finalising the upload"));
        if (object.size() != session.position()) {
            throw new StorageException(Kind.INTEGRITY, "complete", upload.key(),
                    "object has " + object.size() + " bytes, parts add up to " + session.position());
        }
        deleteSession(upload.key());
        return object;
    }

    @Override
    public void abort(MultipartUpload upload) {
        Path file = sessionFile(objectName("abort", upload.key()));
        if (Files.exists(file) && readSession("abort", upload.key(), file).token().equals(upload.token())) {
            deleteSession(upload.key());
        }
    }

    @Override
    public void put(String key, byte[] content, String contentType) {
        try {
            storage.create(blobInfo(key, WriteOptions.ofContentType(contentType)), content);
        } catch (RuntimeException e) {
            throw translate("put", key, e);
        }
    }

    @Override
    public InputStream read(String key) {
        return read(key, 0, -1);
    }

    @Override
    public InputStream read(String key, long offset, long length) {
        if (offset < 0) {
            throw new StorageException(Kind.INVALID_REQUEST, "read", key, "offset must be >= 0");
        }
        BlobId id = BlobId.of(config.bucket(), objectName("read", key));
        try {
            Blob blob = storage.get(id);
            if (blob == null) {
                throw new StorageException(Kind.NOT_FOUND, "read", key, "no such object");
            }
            // Pinning the generation keeps a concurrent overwrite from mixing two versions in one read.
            ReadChannel reader = storage.reader(BlobId.of(id.getBucket(), id.getName(), blob.getGeneration()));
            if (offset > 0) {
                reader.seek(offset);
            }
            if (length >= 0) {
                reader.limit(Math.min(blob.getSize(), offset + length));
            }
            return Channels.newInputStream(reader);
        } catch (IOException | RuntimeException e) {
            throw translate("read", key, e);
        }
    }

    @Override
    public Optional<StoredObject> head(String key) {
        try {
            Blob blob = storage.get(BlobId.of(config.bucket(), objectName("head", key)));
            return Optional.ofNullable(blob).map(b -> stored(key, b));
        } catch (RuntimeException e) {
            throw translate("head", key, e);
        }
    }

    @Override
    public List<StoredObject> list(String prefix) {
        String validPrefix = Keys.validatePrefix("list", prefix);
        try {
            Iterable<Blob> blobs = storage.list(config.bucket(), Storage.BlobListOption.prefix(config.prefix() + validPrefix))
                    .iterateAll();
            return StreamSupport.stream(blobs.spliterator(), false)
                    .filter(b -> !b.getName().endsWith("/"))
                    .map(b -> stored(b.getName().substring(config.prefix().length()), b))
                    .sorted(Comparator.comparing(StoredObject::key))
                    .toList();
        } catch (RuntimeException e) {
            throw translate("list", validPrefix, e);
        }
    }

    @Override
    public void delete(String key) {
        try {
            storage.delete(BlobId.of(config.bucket(), objectName("delete", key)));
        } catch (RuntimeException e) {
            throw translate("delete", key, e);
        }
    }

    @Override
    public URI downloadUrl(String key, Duration ttl) {
        BlobInfo info = BlobInfo.newBuilder(BlobId.of(config.bucket(), objectName("downloadUrl", key))).build();
        try {
            return storage.signUrl(info, ttl.toSeconds(), TimeUnit.SECONDS, Storage.SignUrlOption.withV4Signature()).toURI();
        } catch (URISyntaxException e) {
            throw new StorageException(Kind.OTHER, "downloadUrl", key, "signed URL is not a valid URI", e);
        } catch (RuntimeException e) {
            throw translate("downloadUrl", key, e);
        }
    }

    @Override
    public void close() {
        // The client belongs to the caller (see the constructor); sessions live in files.
    }

    private String objectName(String operation, String key) {
        return config.prefix() + Keys.validate(operation, key);
    }

    private BlobInfo blobInfo(String key, WriteOptions options) {
        BlobInfo.Builder builder = BlobInfo.newBuilder(BlobId.of(config.bucket(), objectName("start", key)))
                .setContentType(options.contentType());
        if (options.storageClass() != null) {
            try {
                builder.setStorageClass(StorageClass.valueOfStrict(options.storageClass()));
            } catch (IllegalArgumentException e) {
                throw new StorageException(Kind.UNSUPPORTED, "start", key, "unknown GCS storage class " + options.storageClass());
            }
        }
        if (options.objectLock() != null) {
            BlobInfo.Retention.Mode mode = options.objectLock().mode() == WriteOptions.LockMode.COMPLIANCE
                    ? BlobInfo.Retention.Mode.LOCKED
                    : BlobInfo.Retention.Mode.UNLOCKED;
            builder.setRetention(BlobInfo.Retention.newBuilder()
                    .setMode(mode)
                    .setRetainUntilTime(options.objectLock().retainUntil().atOffset(ZoneOffset.UTC))
                    .build());
        }
        return builder.build();
    }

    private static StoredObject stored(String key, Blob blob) {
        Instant updated = blob.getUpdateTimeOffsetDateTime() == null ? null : blob.getUpdateTimeOffsetDateTime().toInstant();
        Instant retainUntil = blob.getRetention() == null || blob.getRetention().getRetainUntilTime() == null
                ? null
                : blob.getRetention().getRetainUntilTime().toInstant();
        String etag = blob.getEtag() != null ? blob.getEtag() : String.valueOf(blob.getGeneration());
        return new StoredObject(key, blob.getSize() == null ? 0 : blob.getSize(), etag, updated, retainUntil);
    }

    private static PartReceipt receipt(Part part) {
        return new PartReceipt(part.partNumber(), part.size(), part.sha256(), part.sha256());
    }

    // --- session files -------------------------------------------------------------------------

    private Path sessionFile(String objectName) {
        String id = Checksums.sha256Hex((config.bucket() + "/" + objectName).getBytes(StandardCharsets.UTF_8));
        return config.sessionDirectory().resolve(id + ".json");
    }

    private Session session(String operation, MultipartUpload upload) {
        Path file = sessionFile(objectName(operation, upload.key()));
        if (!Files.exists(file)) {
            throw new StorageException(Kind.NOT_FOUND, operation, upload.key(), "no unfinished upload");
        }
        Session session = readSession(operation, upload.key(), file);
        if (!session.token().equals(upload.token())) {
            throw new StorageException(Kind.NOT_FOUND, operation, upload.key(), "no unfinished upload with this token");
        }
        return session;
    }

    private static Session readSession(String operation, String key, Path file) {
        try {
            return JSON.readValue(file.toFile(), Session.class);
        } catch (IOException e) {
            throw new StorageException(Kind.OTHER, operation, key, "unreadable upload session file", e);
        }
    }

    private void saveSession(Session session) {
        Path file = sessionFile(objectName("saveSession", session.key()));
        Path temp = file.resolveSibling(file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
                }
                ByteBuffer bytes = ByteBuffer.wrap(JSON.writeValueAsBytes(session));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel directory = FileChannel.open(config.sessionDirectory(), StandardOpenOption.READ)) {
                directory.force(true);
            }
        } catch (IOException e) {
            throw new StorageException(Kind.OTHER, "saveSession", session.key(), "cannot persist the upload session", e);
        }
    }

    private void deleteSession(String key) {
        try {
            Files.deleteIfExists(sessionFile(objectName("deleteSession", key)));
        } catch (IOException e) {
            throw new StorageException(Kind.OTHER, "deleteSession", key, "cannot delete the upload session", e);
        }
    }

    /** Stands in for the client options in a serialised channel state. */
    private enum OptionsMarker implements Serializable {
        INSTANCE
    }

    private static String serialise(RestorableState<WriteChannel> state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes) {
            {
                enableReplaceObject(true);
            }

            @Override
            protected Object replaceObject(Object obj) {
                return obj instanceof ServiceOptions ? OptionsMarker.INSTANCE : obj;
            }
        }) {
            out.writeObject(state);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    @SuppressWarnings("unchecked")
    private WriteChannel restore(MultipartUpload upload, Session session) {
        StorageOptions options = storage.getOptions();
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(session.state()))) {
            {
                enableResolveObject(true);
            }

            @Override
            protected Object resolveObject(Object obj) {
                return obj == OptionsMarker.INSTANCE ? options : obj;
            }
        }) {
            return ((RestorableState<WriteChannel>) in.readObject()).restore();
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            throw new StorageException(Kind.OTHER, "restore", upload.key(),
                    "the upload session was written by an incompatible client version", e);
        }
    }

    private static StorageException translate(String operation, String key, Exception e) {
        if (e instanceof StorageException own) {
            return own;
        }
        Throwable cause = e;
        while (cause != null) {
            if (cause instanceof BaseServiceException service) {
                return fromCode(operation, key, service.getCode(), service.isRetryable(), e);
            }
            if (cause instanceof SocketTimeoutException || cause instanceof SocketException || cause instanceof InterruptedIOException) {
                return new StorageException(Kind.TRANSIENT, operation, key, cause.getClass().getSimpleName(), e);
            }
            cause = cause.getCause();
        }
        if (e instanceof UnsupportedOperationException) {
            return new StorageException(Kind.UNSUPPORTED, operation, key, String.valueOf(e.getMessage()), e);
        }
        if (e instanceof IOException) {
            return new StorageException(Kind.TRANSIENT, operation, key, e.getClass().getSimpleName(), e);
        }
        return new StorageException(Kind.OTHER, operation, key, e.getClass().getSimpleName(), e);
    }

    private static StorageException fromCode(String operation, String key, int code, boolean retryable, Exception e) {
        Kind kind;
        if (code == 404) {
            kind = Kind.NOT_FOUND;
        } else if (code == 401 || code == 403) {
            kind = Kind.ACCESS_DENIED;
        } else if (code == 412 || code == 400 && !retryable) {
            kind = code == 412 ? Kind.INTEGRITY : Kind.INVALID_REQUEST;
        } else if (code == 408 || code == 429 || code >= 500 || retryable) {
            kind = Kind.TRANSIENT;
        } else {
            kind = Kind.OTHER;
        }
        return new StorageException(kind, operation, key, "GCS answered " + code, e);
    }
}
