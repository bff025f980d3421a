package io.backstream.storage.gcs;

import com.google.cloud.ReadChannel;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
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
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Google Cloud Storage backend. A multipart upload is one GCS resumable upload: every part is written
 * to the session in {@link GcsConfig#chunkSize()} requests, and the part's last bytes that do not
 * fill a chunk stay in the captured channel state. That state ({@link ChannelStates}: never the
 * client's options or credentials), the offset and the parts are written to a session file, an
 * owner-only {@link PartJournal} entry, after every part, so another process with the same session
 * directory resumes the upload; {@link #complete} sends the tail and finalises the object.
 *
 * <p>Aborting forgets the session locally; GCS discards unfinished resumable sessions after a week.
 * Object lock maps to GCS object retention (GOVERNANCE = Unlocked, COMPLIANCE = Locked), which needs
 * a bucket with object retention enabled; SSE_KMS maps to a customer-managed key; SSE_S3 is what GCS
 * always does.
 */
public final class GcsObjectStorage implements ObjectStorage {

    private final Storage storage;
    private final GcsConfig config;
    private final PartJournal<Session> sessions = new PartJournal<>(Session.class, true);

    /**
     * Uses {@code storage} (its credentials and endpoint) for the bucket in {@code config}. The caller
     * keeps ownership of {@code storage}: {@link #close()} does not close it.
     */
    public GcsObjectStorage(Storage storage, GcsConfig config) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.config = Objects.requireNonNull(config, "config");
        try {
            Files.createDirectories(config.sessionDirectory());
            if (DurableFiles.isPosix()) {
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

    /** What a session file holds; {@code state} is the captured channel state ({@link ChannelStates}). */
    record Session(String key, String token, long position, List<Part> parts, String state) implements PartJournal.Entry {
        Session {
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
            sessions.write("start", sessionFile("start", key),
                    new Session(key, upload.token(), 0, List.of(), ChannelStates.serialise(channel.capture())));
            return upload;
        } catch (IOException | RuntimeException e) {
            throw GcsErrors.translate("start", key, e);
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
                return last.receipt();
            }
            throw new StorageException(Kind.INVALID_REQUEST, "uploadPart", upload.key(),
                    "part " + partNumber + " is already stored with different content; GCS cannot replace it");
        }
        PartJournal.requireNext(session, partNumber);
        // The channel is deliberately not closed: closing would finalise the object.
        WriteChannel channel = restore(upload, session);
        try {
            ByteBuffer source = data.duplicate();
            while (source.hasRemaining()) {
                channel.write(source);
            }
            Part part = new Part(partNumber, data.remaining(), sha);
            parts.add(part);
            sessions.write("uploadPart", sessionFile("uploadPart", upload.key()), new Session(upload.key(), upload.token(),
                    session.position() + part.size(), parts, ChannelStates.serialise(channel.capture())));
            return part.receipt();
        } catch (IOException | RuntimeException e) {
            throw GcsErrors.translate("uploadPart", upload.key(), e);
        }
    }

    @Override
    public List<PartReceipt> listParts(MultipartUpload upload) {
        return PartJournal.receipts(session("listParts", upload));
    }

    @Override
    public Optional<MultipartUpload> findUpload(String key) {
        return sessions.find("findUpload", key, sessionFile("findUpload", key)).map(s -> new MultipartUpload(key, s.token()));
    }

    /**
     * The sessions of this bucket in the session directory: GCS cannot list unfinished resumable uploads,
     * so uploads started with another session directory are not seen.
     */
    @Override
    public List<PendingUpload> listUploads(String prefix) {
        String validPrefix = Keys.validatePrefix("listUploads", prefix);
        List<PendingUpload> uploads = new ArrayList<>();
        try (Stream<Path> files = Files.list(config.sessionDirectory())) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                Optional<Session> session = sessions.find("listUploads", validPrefix, file);
                // a session file of another bucket or prefix has another name
                if (session.isPresent() && session.get().key().startsWith(validPrefix)
                        && sessionFile("listUploads", session.get().key()).equals(file)) {
                    uploads.add(new PendingUpload(new MultipartUpload(session.get().key(), session.get().token()),
                            Files.getLastModifiedTime(file).toInstant()));
                }
            }
        } catch (IOException e) {
            throw new StorageException(Kind.OTHER, "listUploads", validPrefix, "cannot list the session directory", e);
        }
        uploads.sort(Comparator.comparing(u -> u.upload().key()));
        return uploads;
    }

    @Override
    public StoredObject complete(MultipartUpload upload, List<PartReceipt> parts) {
        Session session = session("complete", upload);
        PartJournal.requireCompletes(session, parts);
        try {
            restore(upload, session).close();
        } catch (IOException | RuntimeException e) {
            throw GcsErrors.translate("complete", upload.key(), e);
        }
        StoredObject object = head(upload.key()).orElseThrow(() ->
                new StorageException(Kind.INTEGRITY, "complete", upload.key(), "object missing after finalising the upload"));
        if (object.size() != session.position()) {
            throw new StorageException(Kind.INTEGRITY, "complete", upload.key(),
                    "object has " + object.size() + " bytes, parts add up to " + session.position());
        }
        sessions.delete("complete", upload.key(), sessionFile("complete", upload.key()));
        return object;
    }

    @Override
    public void abort(MultipartUpload upload) {
        Path file = sessionFile("abort", upload.key());
        if (sessions.find("abort", upload.key(), file).filter(s -> s.token().equals(upload.token())).isPresent()) {
            sessions.delete("abort", upload.key(), file);
        }
    }

    @Override
    public void put(String key, byte[] content, String contentType) {
        try {
            storage.create(blobInfo(key, WriteOptions.ofContentType(contentType)), content);
        } catch (RuntimeException e) {
            throw GcsErrors.translate("put", key, e);
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
            throw GcsErrors.translate("read", key, e);
        }
    }

    @Override
    public Optional<StoredObject> head(String key) {
        try {
            Blob blob = storage.get(BlobId.of(config.bucket(), objectName("head", key)));
            return Optional.ofNullable(blob).map(b -> GcsBlobs.stored(key, b));
        } catch (RuntimeException e) {
            throw GcsErrors.translate("head", key, e);
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
                    .map(b -> GcsBlobs.stored(b.getName().substring(config.prefix().length()), b))
                    .sorted(Comparator.comparing(StoredObject::key))
                    .toList();
        } catch (RuntimeException e) {
            throw GcsErrors.translate("list", validPrefix, e);
        }
    }

    @Override
    public void delete(String key) {
        try {
            storage.delete(BlobId.of(config.bucket(), objectName("delete", key)));
        } catch (RuntimeException e) {
            throw GcsErrors.translate("delete", key, e);
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
            throw GcsErrors.translate("downloadUrl", key, e);
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
        return GcsBlobs.info(BlobId.of(config.bucket(), objectName("start", key)), key, options);
    }

    private Path sessionFile(String operation, String key) {
        String id = Checksums.sha256Hex((config.bucket() + "/" + objectName(operation, key)).getBytes(StandardCharsets.UTF_8));
        return config.sessionDirectory().resolve(id + ".json");
    }

    private Session session(String operation, MultipartUpload upload) {
        return sessions.require(operation, upload, sessionFile(operation, upload.key()));
    }

    private WriteChannel restore(MultipartUpload upload, Session session) {
        return ChannelStates.restore(upload.key(), session.state(), storage.getOptions());
    }
}
