package io.backstream.uploader.domain;

/** A failure that ends the backup with {@code UploadFailed}; its message is the event's reason. */
final class UploadFailure extends Exception {

    UploadFailure(String message) {
        super(message);
    }
}
