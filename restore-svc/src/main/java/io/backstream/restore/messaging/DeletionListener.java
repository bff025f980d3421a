package io.backstream.restore.messaging;

import io.backstream.restore.domain.RetentionDeleter;
import io.backstream.schema.Topics;
import io.backstream.schema.event.DeleteRequested;
import io.backstream.support.messaging.InboundEvents;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Takes the catalog's {@code DeleteRequested} off {@code backup.deletions} and deletes on a worker. */
@KafkaListener(groupId = "restore-svc-deletions", offsetReset = OffsetReset.EARLIEST)
public class DeletionListener {

    private final InboundEvents inbound;
    private final RetentionDeleter deleter;
    private final RestoreWork work;

    public DeletionListener(InboundEvents inbound, RetentionDeleter deleter, RestoreWork work) {
        this.inbound = inbound;
        this.deleter = deleter;
        this.work = work;
    }

    @Topic(Topics.BACKUP_DELETIONS)
    void receive(ConsumerRecord<String, byte[]> record) {
        inbound.handle(record, "restore-svc.deletions", event -> {
            if (event.data() instanceof DeleteRequested request) {
                work.submit(() -> deleter.delete(request));
            }
        });
    }
}
