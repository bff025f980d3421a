package io.backstream.storage.s3;

import io.backstream.storage.WriteOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how an {@link S3ObjectStorage} talks to S3 or an S3-compatible server.
 *
 * @param bucket           the bucket, which must exist
 * @param prefix           prepended to every key ({@code null} or empty for none; a trailing
 *                         {@code /} is added)
 * @param region           signing region, e.g. {@code us-east-1}
 * @param endpoint         endpoint override for S3-compatible servers, {@code null} for AWS
 * @param pathStyle        path-style addressing ({@code http://host/bucket/key}), needed by most
 *                         S3-compatible servers
 * @param accessKey        static access key id, or {@code null} to use the SDK's default
 *                         credentials chain (environment, profile, instance role)
 * @param secretKey        static secret key, required with {@code accessKey}; never printed
 * @param encryption       server-side encryption applied to {@link S3ObjectStorage#put} and used
 *                         by multipart uploads whose options ask for none
 * @param storageClass     default storage class, {@code null} for the bucket default
 * @param partChecksums    send every part's SHA-256 as {@code x-amz-checksum-sha256} so S3 verifies
 *                         it and reports it in ListParts; switch off for servers that reject it
 * @param listPageSize     keys per ListObjectsV2 page, 1 to 1000
 * @param requestTimeout   upper bound of one HTTP request attempt
 */
public record S3Config(
        String bucket,
        String prefix,
        String region,
        URI endpoint,
        boolean pathStyle,
        String accessKey,
        String secretKey,
        WriteOptions.Encryption encryption,
        String storageClass,
        boolean partChecksums,
        int listPageSize,
        Duration requestTimeout) {

    public S3Config {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(region, "region");
        if (bucket.isBlank()) {
            throw new IllegalArgumentException("bucket must not be blank");
        }
        if ((accessKey == null) != (secretKey == null)) {
            throw new IllegalArgumentException("accessKey and secretKey go together");
        }
        if (listPageSize < 1 || listPageSize > 1000) {
            throw new IllegalArgumentException("listPageSize must be within 1..1000, was " + listPageSize);
        }
        encryption = encryption == null ? WriteOptions.Encryption.NONE : encryption;
        requestTimeout = requestTimeout == null ? Duration.ofMinutes(2) : requestTimeout;
        prefix = prefix == null || prefix.isEmpty() ? "" : prefix.endsWith("/") ? prefix : prefix + "/";
    }

    /**
     * An S3-compatible server with static credentials, path-style addressing, part checksums on and
     * no encryption.
     */
    public static S3Config compatible(URI endpoint, String region, String bucket, String accessKey, String secretKey) {
        return new S3Config(bucket, null, region, endpoint, true, accessKey, secretKey,
                WriteOptions.Encryption.NONE, null, true, 1000, null);
    }

    public S3Config withPrefix(String value) {
        return new S3Config(bucket, value, region, endpoint, pathStyle, accessKey, secretKey, encryption, storageClass,
                partChecksums, listPageSize, requestTimeout);
    }

    public S3Config withListPageSize(int value) {
        return new S3Config(bucket, prefix, region, endpoint, pathStyle, accessKey, secretKey, encryption, storageClass,
                partChecksums, value, requestTimeout);
    }

    public S3Config withPartChecksums(boolean value) {
        return new S3Config(bucket, prefix, region, endpoint, pathStyle, accessKey, secretKey, encryption, storageClass,
                value, listPageSize, requestTimeout);
    }

    public S3Config withRequestTimeout(Duration value) {
        return new S3Config(bucket, prefix, region, endpoint, pathStyle, accessKey, secretKey, encryption, storageClass,
                partChecksums, listPageSize, value);
    }

    /** Never shows the secret key. */
    @Override
    public String toString() {
        return "S3Config[bucket=" + bucket + ", prefix=" + prefix + ", region=" + region + ", endpoint=" + endpoint
                + ", pathStyle=" + pathStyle + ", accessKey=" + accessKey + ", secretKey=" + (secretKey == null ? null : "****")
                + ", encryption=" + encryption.mode() + ", storageClass=" + storageClass + ", partChecksums=" + partChecksums
                + ", listPageSize=" + listPageSize + ", requestTimeout=" + requestTimeout + "]";
    }
}
