package io.backstream.storage;

import java.util.Objects;

/**
 * Handle of an unfinished multipart (S3), resumable (GCS) or partial-file (local) upload.
 * It is two strings, so it can be stored anywhere and handed to another process, which rebuilds it
 * with {@link ObjectStorage#resume(String, String)}.
 *
 * @param key   the object key the upload will create
 * @param token the backend's opaque id of the upload (S3 upload id, GCS session id, local upload id)
 */
public record MultipartUpload(String key, String token) {

    public MultipartUpload {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(token, "token");
        if (token.isBlank()) {
            throw new IllegalArgumentException("token must not be blank");
        }
    }
}
