package io.backstream.storage.registry;

import io.backstream.storage.RetryPolicy;
import io.backstream.storage.WriteOptions;
import io.backstream.storage.WriteOptions.LockMode;
import io.backstream.storage.WriteOptions.SseMode;
import io.backstream.storage.gcs.GcsConfig;
import io.backstream.storage.s3.S3Config;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Collects the settings of one storage, {@code backstream.storages.<name>.*}, one setter per key (setter
 * {@code setObjectLockMode} is key {@code object-lock-mode}), and checks their combination in
 * {@link #build}: a {@link StorageSpecException} names the key to fix. Which keys apply depends on
 * {@code type}: local takes {@code root}; s3 takes {@code bucket}, {@code region}, {@code endpoint},
 * {@code path-style}, {@code access-key}/{@code secret-key}, {@code encryption} with {@code kms-key-id},
 * {@code storage-class}, {@code object-lock-mode} with {@code object-lock-retain-days}, {@code part-checksums}
 * and {@code request-timeout}; gcs takes {@code bucket}, {@code storage-class} and {@code session-dir}. Every
 * type takes {@code prefix} and the {@code retry-*} keys. Unset retry keys take the caller's defaults.
 */
public final class StorageSpecBuilder {

    /** The configuration namespace of storages; a storage's keys are {@code backstream.storages.<name>.<key>}. */
    public static final String NAMESPACE = "backstream.storages";

    private final String name;
    private StorageSpec.Type type;
    private Path root;
    private String bucket;
    private String prefix;
    private String region = "us-east-1";
    private URI endpoint;
    private boolean pathStyle;
    private String accessKey;
    private String secretKey;
    private SseMode encryption = SseMode.NONE;
    private String kmsKeyId;
    private String storageClass;
    private LockMode objectLockMode;
    private Integer objectLockRetainDays;
    private boolean partChecksums = true;
    private Duration requestTimeout = Duration.ofMinutes(2);
    private Path sessionDir;
    private Integer retryMaxAttempts;
    private Duration retryInitialDelay;
    private Duration retryMaxDelay;

    public StorageSpecBuilder(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    public String name() {
        return name;
    }

    /** {@code local}, {@code s3} or {@code gcs}; required. */
    public void setType(StorageSpec.Type type) {
        this.type = type;
    }

    /** local: the directory objects are stored under. */
    public void setRoot(Path root) {
        this.root = root;
    }

    /** s3, gcs: the bucket, which must exist. */
    public void setBucket(String bucket) {
        this.bucket = bucket;
    }

    /** Folder prefix of every key a writer chooses. */
    public void setPrefix(String prefix) {
        this.prefix = prefix;
    }

    /** s3: signing region, {@code us-east-1} by default. */
    public void setRegion(String region) {
        this.region = region;
    }

    /** s3: endpoint of an S3-compatible server (MinIO, S3Proxy); unset for AWS. */
    public void setEndpoint(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** s3: path-style addressing, needed by most S3-compatible servers. */
    public void setPathStyle(boolean pathStyle) {
        this.pathStyle = pathStyle;
    }

    /** s3: static access key; unset for the default credentials chain. */
    public void setAccessKey(String accessKey) {
        this.accessKey = accessKey;
    }

    /** s3: static secret key, with {@code access-key}; never printed. */
    public void setSecretKey(String secretKey) {
        this.secretKey = secretKey;
    }

    /** s3: {@code none} (default), {@code sse-s3} or {@code sse-kms}. */
    public void setEncryption(SseMode encryption) {
        this.encryption = encryption;
    }

    /** s3 with sse-kms: the KMS key id or ARN; unset for the account default. */
    public void setKmsKeyId(String kmsKeyId) {
        this.kmsKeyId = kmsKeyId;
    }

    /** s3, gcs: storage class of archives, e.g. {@code STANDARD_IA}; unset for the bucket default. */
    public void setStorageClass(String storageClass) {
        this.storageClass = storageClass;
    }

    /** s3: Object Lock mode of archives; unset for none. */
    public void setObjectLockMode(LockMode objectLockMode) {
        this.objectLockMode = objectLockMode;
    }

    /** s3: days an archive stays locked, counted from its upload start. */
    public void setObjectLockRetainDays(Integer objectLockRetainDays) {
        this.objectLockRetainDays = objectLockRetainDays;
    }

    /** s3: send each part's SHA-256 for the server to verify (default); off for servers that reject it. */
    public void setPartChecksums(boolean partChecksums) {
        this.partChecksums = partChecksums;
    }

    /** s3: upper bound of one HTTP request attempt, 2 minutes by default. */
    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    /** gcs: directory of resumable-upload sessions; must survive restarts for uploads to resume. */
    public void setSessionDir(Path sessionDir) {
        this.sessionDir = sessionDir;
    }

    /** Attempts of each storage operation, the first included. */
    public void setRetryMaxAttempts(Integer retryMaxAttempts) {
        this.retryMaxAttempts = retryMaxAttempts;
    }

    /** Upper bound of the first back-off. */
    public void setRetryInitialDelay(Duration retryInitialDelay) {
        this.retryInitialDelay = retryInitialDelay;
    }

    /** Upper bound of any back-off. */
    public void setRetryMaxDelay(Duration retryMaxDelay) {
        this.retryMaxDelay = retryMaxDelay;
    }

    /** Whether {@code session-dir} is set. */
    public boolean hasSessionDir() {
        return sessionDir != null;
    }

    /**
     * The validated spec; unset {@code retry-*} keys take their value from {@code retryDefaults}.
     *
     * @throws StorageSpecException naming the first key whose value cannot work
     */
    public StorageSpec build(RetryPolicy retryDefaults) {
        require(type != null, "type", "must be set (local, s3 or gcs)");
        RetryPolicy retry = retry(retryDefaults);
        require(encryption != null, "encryption", "must be none, sse-s3 or sse-kms");
        require(kmsKeyId == null || encryption == SseMode.SSE_KMS, "kms-key-id", "applies only with encryption sse-kms");
        require(objectLockRetainDays == null || objectLockRetainDays >= 1, "object-lock-retain-days", "must be at least 1");
        String what = "for type " + type.name().toLowerCase(java.util.Locale.ROOT);
        WriteOptions options = WriteOptions.DEFAULT;
        return switch (type) {
            case LOCAL -> {
                require(root != null, "root", "must be set " + what);
                rejectS3Only(what);
                yield new StorageSpec(name, type, prefix, retry, root, null, null, options, null, null);
            }
            case S3 -> {
                require(bucket != null && !bucket.isBlank(), "bucket", "must be set " + what);
                require(region != null && !region.isBlank(), "region", "must be set " + what);
                require((accessKey == null) == (secretKey == null), "secret-key", "and access-key must be set together");
                require((objectLockMode == null) == (objectLockRetainDays == null), "object-lock-retain-days",
                        "and object-lock-mode must be set together");
                require(requestTimeout == null || !(requestTimeout.isNegative() || requestTimeout.isZero()), "request-timeout", "must be positive");
                WriteOptions.Encryption sse = switch (encryption) {
                    case NONE -> WriteOptions.Encryption.NONE;
                    case SSE_S3 -> WriteOptions.Encryption.SSE_S3;
                    case SSE_KMS -> WriteOptions.Encryption.kms(kmsKeyId);
                };
                S3Config s3 = new S3Config(bucket, null, region, endpoint, pathStyle, accessKey, secretKey, sse, storageClass,
                        partChecksums, 1000, requestTimeout);
                yield new StorageSpec(name, type, prefix, retry, null, s3, null,
                        options.withStorageClass(storageClass).withEncryption(sse), objectLockMode,
                        objectLockMode == null ? null : Duration.ofDays(objectLockRetainDays));
            }
            case GCS -> {
                require(bucket != null && !bucket.isBlank(), "bucket", "must be set " + what);
                require(sessionDir != null, "session-dir", "must be set " + what);
                rejectS3Only(what);
                yield new StorageSpec(name, type, prefix, retry, null, null, GcsConfig.of(bucket, null, sessionDir),
                        options.withStorageClass(storageClass), null, null);
            }
        };
    }

    private RetryPolicy retry(RetryPolicy defaults) {
        int attempts = retryMaxAttempts != null ? retryMaxAttempts : defaults.maxAttempts();
        Duration initial = retryInitialDelay != null ? retryInitialDelay : defaults.initialDelay();
        Duration max = retryMaxDelay != null ? retryMaxDelay : defaults.maxDelay();
        require(attempts >= 1, "retry-max-attempts", "must be at least 1");
        require(!initial.isNegative(), "retry-initial-delay", "must not be negative");
        require(max.compareTo(initial) >= 0, "retry-max-delay", "must not be below retry-initial-delay (" + initial + ")");
        return new RetryPolicy(attempts, initial, max, defaults.multiplier());
    }

    private void rejectS3Only(String what) {
        require(encryption == SseMode.NONE, "encryption", "is not supported " + what);
        require(objectLockMode == null, "object-lock-mode", "is not supported " + what);
        require(accessKey == null && secretKey == null, "access-key", "is not used " + what);
    }

    private void require(boolean ok, String key, String problem) {
        if (!ok) {
            throw new StorageSpecException(NAMESPACE + "." + name + "." + key, problem);
        }
    }
}
