package io.backstream.worker.messaging;

import io.backstream.schema.EventCodec;
import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.event.SnapshotFailed;
import io.backstream.schema.event.SnapshotSkipped;
import io.backstream.schema.event.SnapshotStarted;
import io.backstream.support.messaging.EventPublisher;
import io.backstream.worker.config.WorkerConfiguration;
import io.backstream.worker.domain.SnapshotEvents;
import jakarta.inject.Singleton;

/** Publishes backup outcomes on {@code backup.events}, keyed by backup id, with source {@code /snapshot-worker/<id>}. */
@Singleton
public class KafkaSnapshotEvents implements SnapshotEvents {

    private final EventPublisher publisher;
    private final EventCodec codec;
    private final String source;

    public KafkaSnapshotEvents(EventPublisher publisher, EventCodec codec, WorkerConfiguration config) {
        this.publisher = publisher;
        this.codec = codec;
        this.source = "/snapshot-worker/" + config.getId();
    }

    @Override
    public void started(SnapshotStarted event) {
        publish(event.backupId(), event);
    }

    @Override
    public void completed(SnapshotCompleted event) {
        publish(event.backupId(), event);
    }

    @Override
    public void failed(SnapshotFailed event) {
        publish(event.backupId(), event);
    }

    @Override
    public void skipped(SnapshotSkipped event) {
        publish(event.backupId(), event);
    }

    private void publish(String backupId, Object event) {
        publisher.publish(backupId, codec.create(source, backupId, event));
    }
}
