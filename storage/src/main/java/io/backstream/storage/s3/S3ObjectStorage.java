package io.backstream.storage.s3;

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
import java.io.IOException;
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
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Amazon S3 (and S3-compatible servers) backend. Multipart uploads are S3 multipart uploads, found
 * again with ListMultipartUploads and ListParts; parts carry their SHA-256 as an additional checksum
 * when {@link S3Config#partChecksums()} is on, so S3 itself rejects corrupted parts. The SDK's own
 * retries are switched off: {@link io.backstream.storage.RetryingObjectStorage} is the one retry
 * loop.
 */
public final class S3ObjectStorage implements ObjectStorage {

    /** S3's lower bound for every part but the last. */
    public static final long MINIMUM_PART_SIZE = 5L * 1024 * 1024;

    private static final Set<String> NOT_FOUND_CODES = Set.of("NoSuchKey", "NoSuchUpload", "NoSuchBucket", "NotFound");
    private static final Set<String> INTEGRITY_CODES = Set.of("BadDigest", "InvalidDigest", "XAmzContentSHA256Mismatch",
            "InvalidPart", "InvalidPartOrder", "EntityTooSmall", "PreconditionFailed", "InvalidChecksum");
    private static final Set<String> TRANSIENT_CODES = Set.of("SlowDown", "Throttling", "ThrottlingException",
            "RequestTimeout", "RequestTimeTooSkewed", "InternalError", "ServiceUnavailable", "RequestLimitExceeded");

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    private final S3Config config;
    private final S3Client s3;
    private final S3Presigner presigner;

    /** Connects as {@code config} says; the clients are released by {@link #close()}. */
    public S3ObjectStorage(S3Config config) {
        this.config = Objects.requireNonNull(config, "config");
        AwsCredentialsProvider credentials = config.accessKey() == null
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKey(), config.secretKey()));
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(config.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(config.pathStyle())
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(config.requestTimeout()))
                .overrideConfiguration(o -> o
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(config.requestTimeout()));
        S3Presigner.Builder presignerBuilder = S3Presigner.builder()
                .region(Region.of(config.region()))
                .credentialsProvider(credentials)
                .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder()
                        .pathStyleAccessEnabled(config.pathStyle()).build());
        if (config.endpoint() != null) {
            builder.endpointOverride(config.endpoint());
            presignerBuilder.endpointOverride(config.endpoint());
        }
        this.s3 = builder.build();
        this.presigner = presignerBuilder.build();
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
        CreateMultipartUploadRequest.Builder request = CreateMultipartUploadRequest.builder()
                .bucket(config.bucket())
                .key(name)
                .contentType(options.contentType());
        String storageClass = options.storageClass() != null ? options.storageClass() : config.storageClass();
        if (storageClass != null) {
            request.storageClass(StorageClass.fromValue(storageClass));
        }
        WriteOptions.Encryption encryption = options.encryption().mode() != WriteOptions.SseMode.NONE
                ? options.encryption()
                : config.encryption();
        if (encryption.mode() == WriteOptions.SseMode.SSE_S3) {
            request.serverSideEncryption(ServerSideEncryption.AES256);
        } else if (encryption.mode() == WriteOptions.SseMode.SSE_KMS) {
            request.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(encryption.kmsKeyId());
        }
        if (options.objectLock() != null) {
            request.objectLockMode(ObjectLockMode.fromValue(options.objectLock().mode().name()))
                    .objectLockRetainUntilDate(options.objectLock().retainUntil());
        }
        if (config.partChecksums()) {
            request.checksumAlgorithm(ChecksumAlgorithm.SHA256);
        }
        String uploadId = call("start", key, () -> s3.createMultipartUpload(request.build()).uploadId());
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
        call("put", key, () -> s3.putObject(b -> {
            b.bucket(config.bucket()).key(name).contentType(contentType).contentLength((long) content.length);
            if (config.storageClass() != null) {
                b.storageClass(StorageClass.fromValue(config.storageClass()));
            }
            if (config.encryption().mode() == WriteOptions.SseMode.SSE_S3) {
                b.serverSideEncryption(ServerSideEncryption.AES256);
            } else if (config.encryption().mode() == WriteOptions.SseMode.SSE_KMS) {
                b.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(config.encryption().kmsKeyId());
            }
        }, RequestBody.fromBytes(content)));
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
            throw translate(operation, key, e);
        } catch (URISyntaxException e) {
            throw new StorageException(Kind.OTHER, operation, key, "invalid URI from the SDK", e);
        }
    }

    @FunctionalInterface
    private interface CheckedSupplier<T> {
        T get() throws URISyntaxException;
    }

    /**
     * Maps an SDK failure to a Backstream one. Only status, error code and request id go into the
     * message: SDK messages are not echoed, so no signature or credential detail can leak.
     */
    static StorageException translate(String operation, String key, SdkException e) {
        if (e instanceof AwsServiceException service) {
            int status = service.statusCode();
            String code = service.awsErrorDetails() != null ? service.awsErrorDetails().errorCode() : null;
            String message = "S3 answered " + status + (code != null ? " " + code : "")
                    + (service.requestId() != null ? " (request " + service.requestId() + ")" : "");
            return new StorageException(kindOf(service, status, code), operation, key, message, e);
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return new StorageException(Kind.TRANSIENT, operation, key, "request timed out", e);
        }
        if (e instanceof SdkClientException && hasIoCause(e)) {
            return new StorageException(Kind.TRANSIENT, operation, key, "connection failed: " + rootCauseName(e), e);
        }
        return new StorageException(e.retryable() ? Kind.TRANSIENT : Kind.OTHER, operation, key, e.getClass().getSimpleName(), e);
    }

    private static Kind kindOf(AwsServiceException e, int status, String errorCode) {
        // HEAD answers carry no error body, so there may be no code; Set.contains(null) would throw.
        String code = errorCode == null ? "" : errorCode;
        if (e instanceof NoSuchKeyException || status == 404 || NOT_FOUND_CODES.contains(code)) {
            return Kind.NOT_FOUND;
        }
        if (TRANSIENT_CODES.contains(code) || status == 429 || e.isThrottlingException()) {
            return Kind.TRANSIENT;
        }
        if (status == 401 || status == 403) {
            return Kind.ACCESS_DENIED;
        }
        if (status == 412 || INTEGRITY_CODES.contains(code)) {
            return Kind.INTEGRITY;
        }
        if (status == 501 || "NotImplemented".equals(code)) {
            return Kind.UNSUPPORTED;
        }
        if (status >= 500) {
            return Kind.TRANSIENT;
        }
        if (status == 400 || status == 416) {
            return Kind.INVALID_REQUEST;
        }
        return Kind.OTHER;
    }

    private static boolean hasIoCause(Throwable e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static String rootCauseName(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }

    /** Reads a buffer without copying it (the SDK's {@code fromByteBuffer} copies every part). */
    private static final class ByteBufferInputStream extends InputStream {
        private final ByteBuffer buffer;

        ByteBufferInputStream(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public int read() {
            return buffer.hasRemaining() ? buffer.get() & 0xff : -1;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            if (!buffer.hasRemaining()) {
                return -1;
            }
            int count = Math.min(length, buffer.remaining());
            buffer.get(target, offset, count);
            return count;
        }

        @Override
        public int available() {
            return buffer.remaining();
        }
    }
}
