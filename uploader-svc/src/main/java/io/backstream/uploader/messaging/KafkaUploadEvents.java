package io.backstream.uploader.messaging;

import io.backstream.schema.EventCodec;
import io.backstream.schema.EventType;
import io.backstream.schema.event.UploadCompleted;
import io.backstream.schema.event.UploadFailed;
import io.backstream.support.messaging.EventPublisher;
import io.backstream.uploader.domain.UploadEvents;
import jakarta.inject.Singleton;

/** Publishes upload outcomes on {@code backup.events}, keyed by backup id. */
@Singleton
public class KafkaUploadEvents implements UploadEvents {

    private static final String SOURCE = "/backstream/uploader-svc";

    private final EventPublisher publisher;
    private final EventCodec codec;

    public KafkaUploadEvents(EventPublisher publisher, EventCodec codec) {
        this.publisher = publisher;
        this.codec = codec;
    }

    @Override
    public void completed(UploadCompleted event) {
        publisher.publish(EventType.of(UploadCompleted.class).key(event), codec.create(SOURCE, event.targetId(), event));
    }

    @Override
    public void failed(UploadFailed event) {
        publisher.publish(EventType.of(UploadFailed.class).key(event),
                codec.create(SOURCE, event.targetId() != null ? event.targetId() : event.backupId(), event));
    }
}
