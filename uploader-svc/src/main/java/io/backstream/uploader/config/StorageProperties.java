package io.backstream.uploader.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One named storage, {@code backstream.storages.<name>.*}. Which fields apply depends on
 * {@code type}; {@link io.backstream.uploader.storage.StorageRegistry} checks the combination at
 * start-up and names the offending property. {@link #toString()} never shows the secret key.
 */
@EachProperty("backstream.storages")
public class StorageProperties {

    /** Kinds of object store. */
    public enum Type { LOCAL, S3, GCS }

    /** Server-side encryption of S3 archives. */
    public enum Encryption { NONE, SSE_S3, SSE_KMS }

    /** S3 Object Lock retention mode. */
    public enum LockMode { GOVERNANCE, COMPLIANCE }

    private final String name;
    @NotNull
    private Type type;
    private Path root;
    private String bucket;
    private String prefix;
    private String region = "us-east-1";
    private URI endpoint;
    private boolean pathStyle;
    private String accessKey;
    private String secretKey;
    @NotNull
    private Encryption encryption = Encryption.NONE;
    private String kmsKeyId;
    private String storageClass;
    private LockMode objectLockMode;
    @Min(1)
    private Integer objectLockRetainDays;
    private boolean partChecksums = true;
    @NotNull
    private Duration requestTimeout = Duration.ofMinutes(2);
    private Path sessionDir;

    public StorageProperties(@Parameter String name) {
        this.name = name;
    }

    /** The name backups choose this storage by. */
    public String getName() {
        return name;
    }

    /** {@code local}, {@code s3} or {@code gcs}. */
    public Type getType() {
        return type;
    }

    public void setType(Type type) {
        this.type = type;
    }

    /** local: the directory archives are stored under. */
    @Nullable
    public Path getRoot() {
        return root;
    }

    public void setRoot(@Nullable Path root) {
        this.root = root;
    }

    /** s3, gcs: the bucket, which must exist. */
    @Nullable
    public String getBucket() {
        return bucket;
    }

    public void setBucket(@Nullable String bucket) {
        this.bucket = bucket;
    }

    /** Folder prefix of every archive key. */
    @Nullable
    public String getPrefix() {
        return prefix;
    }

    public void setPrefix(@Nullable String prefix) {
        this.prefix = prefix;
    }

    /** s3: signing region. */
    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    /** s3: endpoint of an S3-compatible server (MinIO, S3Proxy); unset for AWS. */
    @Nullable
    public URI getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(@Nullable URI endpoint) {
        this.endpoint = endpoint;
    }

    /** s3: path-style addressing, needed by most S3-compatible servers. */
    public boolean isPathStyle() {
        return pathStyle;
    }

    public void setPathStyle(boolean pathStyle) {
        this.pathStyle = pathStyle;
    }

    /** s3: static access key; unset for the default credentials chain. */
    @Nullable
    public String getAccessKey() {
        return accessKey;
    }

    public void setAccessKey(@Nullable String accessKey) {
        this.accessKey = accessKey;
    }

    /** s3: static secret key, with {@code access-key}. */
    @Nullable
    public String getSecretKey() {
        return secretKey;
    }

    public void setSecretKey(@Nullable String secretKey) {
        this.secretKey = secretKey;
    }

    /** s3: {@code none}, {@code sse-s3} or {@code sse-kms}. */
    public Encryption getEncryption() {
        return encryption;
    }

    public void setEncryption(Encryption encryption) {
        this.encryption = encryption;
    }

    /** s3 with sse-kms: the KMS key id or ARN; unset for the account default. */
    @Nullable
    public String getKmsKeyId() {
        return kmsKeyId;
    }

    public void setKmsKeyId(@Nullable String kmsKeyId) {
        this.kmsKeyId = kmsKeyId;
    }

    /** s3, gcs: storage class of archives, e.g. {@code STANDARD_IA}; unset for the bucket default. */
    @Nullable
    public String getStorageClass() {
        return storageClass;
    }

    public void setStorageClass(@Nullable String storageClass) {
        this.storageClass = storageClass;
    }

    /** s3: Object Lock mode of archives; unset for none. */
    @Nullable
    public LockMode getObjectLockMode() {
        return objectLockMode;
    }

    public void setObjectLockMode(@Nullable LockMode objectLockMode) {
        this.objectLockMode = objectLockMode;
    }

    /** s3: days an archive stays locked, counted from its upload start. */
    @Nullable
    public Integer getObjectLockRetainDays() {
        return objectLockRetainDays;
    }

    public void setObjectLockRetainDays(@Nullable Integer objectLockRetainDays) {
        this.objectLockRetainDays = objectLockRetainDays;
    }

    /** s3: send each part's SHA-256 for the server to verify; switch off for servers that reject it. */
    public boolean isPartChecksums() {
        return partChecksums;
    }

    public void setPartChecksums(boolean partChecksums) {
        this.partChecksums = partChecksums;
    }

    /** s3: upper bound of one HTTP request attempt. */
    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    /** gcs: directory of resumable-upload sessions; must survive restarts for uploads to resume. */
    @Nullable
    public Path getSessionDir() {
        return sessionDir;
    }

    public void setSessionDir(@Nullable Path sessionDir) {
        this.sessionDir = sessionDir;
    }

    @Override
    public String toString() {
        return "StorageProperties[name=" + name + ", type=" + type + ", bucket=" + bucket + ", prefix=" + prefix
                + ", endpoint=" + endpoint + ", accessKey=" + accessKey
                + ", secretKey=" + (secretKey == null ? null : "****") + "]";
    }
}
