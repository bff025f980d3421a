package io.backstream.restore.messaging;

import io.backstream.restore.domain.RestoreService;
import io.backstream.schema.Topics;
import io.backstream.schema.event.RestoreRequested;
import io.backstream.support.messaging.InboundEvents;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Takes {@code RestoreRequested} off {@code restore.requests} and hands each to a restore worker. */
@KafkaListener(groupId = "restore-svc", offsetReset = OffsetReset.EARLIEST)
public class RestoreRequestListener {

    private final InboundEvents inbound;
    private final RestoreService restores;
    private final RestoreWork work;

    public RestoreRequestListener(InboundEvents inbound, RestoreService restores, RestoreWork work) {
        this.inbound = inbound;
        this.restores = restores;
        this.work = work;
    }

    @Topic(Topics.RESTORE_REQUESTS)
    void receive(ConsumerRecord<String, byte[]> record) {
        inbound.handle(record, "restore-svc.restores", event -> {
            if (event.data() instanceof RestoreRequested request) {
                work.submit(() -> restores.run(request));
            }
        });
    }
}
