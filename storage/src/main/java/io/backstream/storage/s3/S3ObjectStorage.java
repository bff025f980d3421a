package io.backstream.storage.s3;

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
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Amazon S3 (and S3-compatible servers) backend. Multipart uploads are S3 multipart uploads, found
 * again with ListMultipartUploads and ListParts; parts carry their SHA-256 as an additional checksum
 * when {@link S3Config#partChecksums()} is on, so S3 itself rejects corrupted parts. The SDK's own
 * retries are switched off: {@link io.backstream.storage.RetryingObjectStorage} is the one retry
 * loop ({@link S3Clients}).
 */
public final class S3ObjectStorage implements ObjectStorage {

    /** S3's lower bound for every part but the last. */
    public static final long MINIMUM_PART_SIZE = 5L * 1024 * 1024;

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    private final S3Config config;
    private final S3Client s3;
    private final S3Presigner presigner;

    /** Connects as {@code config} says; the clients are released by {@link #close()}. */
    public S3ObjectStorage(S3Config config) {
        this.config = Objects.requireNonNull(config, "config");
        AwsCredentialsProvider credentials = S3Clients.credentials(config);
        this.s3 = S3Clients.client(config, credentials);
        this.presigner = S3Clients.presigner(config, credentials);
    }

    @Override
    public long minimumPartSize() {
        return MINIMUM_PART_SIZE;
    }

    @Override
    public int concurrentParts() {
        return Integer.MAX_VALUE;
    }

    @Override
    public MultipartUpload start(String key, WriteOptions options) {
        String name = objectName("start", key);
        CreateMultipartUploadRequest request = S3WriteRequests.createUpload(config, name, options);
        String uploadId = call("start", key, () -> s3.createMultipartUpload(request).uploadId());
        return new MultipartUpload(key, uploadId);
    }

    @Override
    public MultipartUpload resume(String key, String token) {
        // ListMultipartUploads rather than ListParts: some servers answer ListParts for unknown ids.
        boolean exists = uploads(key).stream().anyMatch(u -> u.uploadId().equals(token));
        if (!exists) {
            throw new StorageException(Kind.NOT_FOUND, "resume", key, "no unfinished upload with this id");
        }
        return new MultipartUpload(key, token);
    }

    @Override
    public PartReceipt uploadPart(MultipartUpload upload, int partNumber, ByteBuffer data, String sha256Hex) {
        // with part checksums S3 verifies the SHA-256 itself (BadDigest); hashing the part here too would
        // only cost a pass over it
        String sha = config.partChecksums() && sha256Hex != null && SHA256_HEX.matcher(sha256Hex).matches()
                ? sha256Hex.toLowerCase(Locale.ROOT)
                : Checksums.verify("uploadPart", upload.key(), data, sha256Hex);
        if (partNumber < 1 || partNumber > 10_000) {
            throw new StorageException(Kind.INVALID_REQUEST, "uploadPart", upload.key(), "S3 part numbers are 1..10000, was " + partNumber);
        }
        long size = data.remaining();
        var request = software.amazon.awssdk.services.s3.model.UploadPartRequest.builder()
                .bucket(config.bucket())
                .key(objectName("uploadPart", upload.key()))
                .uploadId(upload.token())
                .partNumber(partNumber)
                .contentLength(size);
        if (config.partChecksums()) {
            request.checksumSHA256(base64(sha));
        }
        UploadPartResponse response = call("uploadPart", upload.key(),
                () -> s3.uploadPart(request.build(), RequestBody.fromContentProvider(
                        () -> new ByteBufferInputStream(data.duplicate()), size, "application/octet-stream")));
        return new PartReceipt(partNumber, size, sha, response.eTag());
    }

    @Override
    public List<PartReceipt> listParts(MultipartUpload upload) {
        String name = objectName("listParts", upload.key());
        return call("listParts", upload.key(), () -> s3.listPartsPaginator(b -> b.bucket(config.bucket()).key(name).uploadId(upload.token()))
                .parts().stream()
                .map(p -> new PartReceipt(p.partNumber(), p.size(), hex(p.checksumSHA256()), p.eTag()))
                .sorted(Comparator.comparingInt(PartReceipt::partNumber))
                .toList());
    }

    @Override
    public Optional<MultipartUpload> findUpload(String key) {
        return uploads(key).stream()
                .max(Comparator.comparing(software.amazon.awssdk.services.s3.model.MultipartUpload::initiated))
                .map(u -> new MultipartUpload(key, u.uploadId()));
    }

    private List<software.amazon.awssdk.services.s3.model.MultipartUpload> uploads(String key) {
        String name = objectName("findUpload", key);
        return call("findUpload", key, () -> s3.listMultipartUploadsPaginator(b -> b.bucket(config.bucket()).prefix(name))
                .uploads().stream()
                .filter(u -> u.key().equals(name))
                .toList());
    }

    @Override
    public List<PendingUpload> listUploads(String prefix) {
        String validPrefix = Keys.validatePrefix("listUploads", prefix);
        String full = config.prefix() + validPrefix;
        // filtered again: a server that ignores the prefix must not hand out uploads outside it
        return call("listUploads", validPrefix, () -> s3.listMultipartUploadsPaginator(b -> b.bucket(config.bucket()).prefix(full))
                .uploads().stream()
                .filter(u -> u.key().startsWith(full))
                .map(u -> new PendingUpload(new MultipartUpload(u.key().substring(config.prefix().length()), u.uploadId()),
                        u.initiated()))
                .sorted(Comparator.comparing(u -> u.upload().key()))
                .toList());
    }

    @Override
    public StoredObject complete(MultipartUpload upload, List<PartReceipt> parts) {
        String name = objectName("complete", upload.key());
        // Checksums for all parts or none: servers reject a mix, and parts found again through a
        // ListParts that omits checksums (S3Proxy) have none.
        boolean withChecksums = config.partChecksums() && parts.stream().allMatch(p -> p.sha256Hex() != null);
        List<CompletedPart> completed = new ArrayList<>();
        for (PartReceipt part : parts) {
            CompletedPart.Builder builder = CompletedPart.builder().partNumber(part.partNumber()).eTag(part.etag());
            if (withChecksums) {
                builder.checksumSHA256(base64(part.sha256Hex()));
            }
            completed.add(builder.build());
        }
        long expected = parts.stream().mapToLong(PartReceipt::size).sum();
        try {
            call("complete", upload.key(), () -> s3.completeMultipartUpload(b -> b.bucket(config.bucket()).key(name)
                    .uploadId(upload.token())
                    .multipartUpload(m -> m.parts(completed))));
        } catch (StorageException e) {
            // A retry after a lost response finds the upload gone and the object in place.
            Optional<StoredObject> existing = e.kind() == Kind.NOT_FOUND ? head(upload.key()) : Optional.empty();
            if (existing.isPresent() && existing.get().size() == expected) {
                return existing.get();
            }
            throw e;
        }
        StoredObject object = head(upload.key()).orElseThrow(() ->
                new StorageException(Kind.INTEGRITY, "complete", upload.key(), "object missing after completion"));
        if (object.size() != expected) {
            throw new StorageException(Kind.INTEGRITY, "complete", upload.key(),
                    "object has " + object.size() + " bytes, parts add up to " + expected);
        }
        return object;
    }

    @Override
    public void abort(MultipartUpload upload) {
        String name = objectName("abort", upload.key());
        try {
            call("abort", upload.key(), () -> s3.abortMultipartUpload(b -> b.bucket(config.bucket()).key(name).uploadId(upload.token())));
        } catch (StorageException e) {
            if (e.kind() != Kind.NOT_FOUND) {
                throw e;
            }
        }
    }

    @Override
    public void put(String key, byte[] content, String contentType) {
        String name = objectName("put", key);
        call("put", key, () -> s3.putObject(S3WriteRequests.put(config, name, contentType, content.length),
                RequestBody.fromBytes(content)));
    }

    @Override
    public InputStream read(String key) {
        String name = objectName("read", key);
        return call("read", key, () -> s3.getObject(b -> b.bucket(config.bucket()).key(name)));
    }

    @Override
    public InputStream read(String key, long offset, long length) {
        String name = objectName("read", key);
        if (offset < 0 || length < 0) {
            throw new StorageException(Kind.INVALID_REQUEST, "read", key, "offset and length must be >= 0");
        }
        if (length == 0) {
            head(key).orElseThrow(() -> new StorageException(Kind.NOT_FOUND, "read", key, "no such object"));
            return new ByteArrayInputStream(new byte[0]);
        }
        String range = "bytes=" + offset + "-" + (offset + length - 1);
        return call("read", key, () -> s3.getObject(b -> b.bucket(config.bucket()).key(name).range(range)));
    }

    @Override
    public Optional<StoredObject> head(String key) {
        String name = objectName("head", key);
        try {
            HeadObjectResponse head = call("head", key, () -> s3.headObject(b -> b.bucket(config.bucket()).key(name)));
            return Optional.of(new StoredObject(key, head.contentLength(), head.eTag(), head.lastModified(), head.objectLockRetainUntilDate()));
        } catch (StorageException e) {
            if (e.kind() == Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public List<StoredObject> list(String prefix) {
        String validPrefix = Keys.validatePrefix("list", prefix);
        String full = config.prefix() + validPrefix;
        return call("list", validPrefix, () -> s3.listObjectsV2Paginator(b -> b.bucket(config.bucket()).prefix(full).maxKeys(config.listPageSize()))
                .contents().stream()
                .map(o -> new StoredObject(o.key().substring(config.prefix().length()), o.size(), o.eTag(), o.lastModified(), null))
                .sorted(Comparator.comparing(StoredObject::key))
                .toList());
    }

    @Override
    public void delete(String key) {
        String name = objectName("delete", key);
        call("delete", key, () -> s3.deleteObject(b -> b.bucket(config.bucket()).key(name)));
    }

    @Override
    public URI downloadUrl(String key, Duration ttl) {
        String name = objectName("downloadUrl", key);
        try {
            return call("downloadUrl", key, () -> presigner.presignGetObject(p -> p.signatureDuration(ttl)
                    .getObjectRequest(g -> g.bucket(config.bucket()).key(name))).url().toURI());
        } catch (RuntimeException e) {
            if (e.getCause() instanceof URISyntaxException) {
                throw new StorageException(Kind.OTHER, "downloadUrl", key, "presigned URL is not a valid URI", e.getCause());
            }
            throw e;
        }
    }

    @Override
    public void close() {
        presigner.close();
        s3.close();
    }

    private String objectName(String operation, String key) {
        return config.prefix() + Keys.validate(operation, key);
    }

    private static String base64(String hex) {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    }

    private static String hex(String base64) {
        return base64 == null ? null : HexFormat.of().formatHex(Base64.getDecoder().decode(base64));
    }

    /** Runs one SDK call and translates whatever it throws. */
    private static <T> T call(String operation, String key, CheckedSupplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw S3Errors.translate(operation, key, e);
        } catch (URISyntaxException e) {
            throw new StorageException(Kind.OTHER, operation, key, "invalid URI from the SDK", e);
        }
    }

    @FunctionalInterface
    private interface CheckedSupplier<T> {
        T get() throws URISyntaxException;
    }
}
