package io.backstream.storage.s3;

import io.backstream.storage.WriteOptions;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * The S3 requests that create objects, with the storage class, server-side encryption and object lock
 * they ask for: the {@link WriteOptions} given, the {@link S3Config}'s defaults where those ask for none.
 */
final class S3WriteRequests {

    private S3WriteRequests() {
    }

    static CreateMultipartUploadRequest createUpload(S3Config config, String name, WriteOptions options) {
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
        request.serverSideEncryption(sse(encryption));
        if (encryption.mode() == WriteOptions.SseMode.SSE_KMS) {
            request.ssekmsKeyId(encryption.kmsKeyId());
        }
        if (options.objectLock() != null) {
            request.objectLockMode(ObjectLockMode.fromValue(options.objectLock().mode().name()))
                    .objectLockRetainUntilDate(options.objectLock().retainUntil());
        }
        if (config.partChecksums()) {
            request.checksumAlgorithm(ChecksumAlgorithm.SHA256);
        }
        return request.build();
    }

    static PutObjectRequest put(S3Config config, String name, String contentType, long length) {
        PutObjectRequest.Builder request = PutObjectRequest.builder()
                .bucket(config.bucket()).key(name).contentType(contentType).contentLength(length)
                .serverSideEncryption(sse(config.encryption()));
        if (config.storageClass() != null) {
            request.storageClass(StorageClass.fromValue(config.storageClass()));
        }
        if (config.encryption().mode() == WriteOptions.SseMode.SSE_KMS) {
            request.ssekmsKeyId(config.encryption().kmsKeyId());
        }
        return request.build();
    }

    /** The header value, {@code null} (no header) for no encryption. */
    private static ServerSideEncryption sse(WriteOptions.Encryption encryption) {
        return switch (encryption.mode()) {
            case NONE -> null;
            case SSE_S3 -> ServerSideEncryption.AES256;
            case SSE_KMS -> ServerSideEncryption.AWS_KMS;
        };
    }
}
