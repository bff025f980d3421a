package io.backstream.restore.messaging;

import io.backstream.restore.domain.RestoreEvents;
import io.backstream.schema.EventCodec;
import io.backstream.schema.EventType;
import io.backstream.schema.event.BackupDeleteFailed;
import io.backstream.schema.event.BackupDeleted;
import io.backstream.schema.event.BackupDiscovered;
import io.backstream.schema.event.BackupVerificationFailed;
import io.backstream.schema.event.BackupVerified;
import io.backstream.schema.event.RestoreCompleted;
import io.backstream.schema.event.RestoreFailed;
import io.backstream.schema.event.RestoreProgress;
import io.backstream.schema.event.RestoreStarted;
import io.backstream.support.messaging.EventPublisher;
import jakarta.inject.Singleton;

/** Publishes the restore service's events to their topics, keyed as docs/events.md says. */
@Singleton
public class KafkaRestoreEvents implements RestoreEvents {

    private static final String SOURCE = "/restore-svc";

    private final EventPublisher publisher;
    private final EventCodec codec;

    public KafkaRestoreEvents(EventPublisher publisher, EventCodec codec) {
        this.publisher = publisher;
        this.codec = codec;
    }

    private void publish(Object data) {
        String key = EventType.of(data.getClass()).key(data);
        publisher.publish(key, codec.create(SOURCE, key, data));
    }

    @Override
    public void started(RestoreStarted event) {
        publish(event);
    }

    @Override
    public void progress(RestoreProgress event) {
        publish(event);
    }

    @Override
    public void completed(RestoreCompleted event) {
        publish(event);
    }

    @Override
    public void failed(RestoreFailed event) {
        publish(event);
    }

    @Override
    public void verified(BackupVerified event) {
        publish(event);
    }

    @Override
    public void verificationFailed(BackupVerificationFailed event) {
        publish(event);
    }

    @Override
    public void discovered(BackupDiscovered event) {
        publish(event);
    }

    @Override
    public void deleted(BackupDeleted event) {
        publish(event);
    }

    @Override
    public void deleteFailed(BackupDeleteFailed event) {
        publish(event);
    }
}
