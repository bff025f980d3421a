package io.backstream.restore.messaging;

import io.backstream.schema.Topics;
import io.backstream.support.messaging.InboundEvents;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Takes {@code RestoreRequested} off {@code restore.requests} and hands each to {@link RestoreWork}. */
@KafkaListener(groupId = "restore-svc", offsetReset = OffsetReset.EARLIEST)
public class RestoreRequestListener {

    private final InboundEvents inbound;
    private final RestoreWork work;

    public RestoreRequestListener(InboundEvents inbound, RestoreWork work) {
        this.inbound = inbound;
        this.work = work;
    }

    @Topic(Topics.RESTORE_REQUESTS)
    void receive(ConsumerRecord<String, byte[]> record) {
        inbound.handle(record, "restore-svc.restores", event -> work.accept(event, record.value()));
    }
}
