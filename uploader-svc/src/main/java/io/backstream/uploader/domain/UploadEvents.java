package io.backstream.uploader.domain;

import io.backstream.schema.event.UploadCompleted;
import io.backstream.schema.event.UploadFailed;

/** Where the outcome of an upload is announced. Both methods return once the event is durable. */
public interface UploadEvents {

    void completed(UploadCompleted event);

    void failed(UploadFailed event);
}
