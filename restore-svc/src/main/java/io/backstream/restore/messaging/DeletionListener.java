package io.backstream.restore.messaging;

import io.backstream.schema.Topics;
import io.backstream.support.messaging.InboundEvents;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Takes the catalog's {@code DeleteRequested} off {@code backup.deletions} and hands each to {@link RestoreWork}. */
@KafkaListener(groupId = "restore-svc-deletions", offsetReset = OffsetReset.EARLIEST)
public class DeletionListener {

    private final InboundEvents inbound;
    private final RestoreWork work;

    public DeletionListener(InboundEvents inbound, RestoreWork work) {
        this.inbound = inbound;
        this.work = work;
    }

    @Topic(Topics.BACKUP_DELETIONS)
    void receive(ConsumerRecord<String, byte[]> record) {
        inbound.handle(record, "restore-svc.deletions", event -> work.accept(event, record.value()));
    }
}
