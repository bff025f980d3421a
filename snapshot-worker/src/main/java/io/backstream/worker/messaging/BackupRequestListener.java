package io.backstream.worker.messaging;

import io.backstream.schema.Topics;
import io.backstream.schema.event.BackupRequested;
import io.backstream.support.messaging.InboundEvents;
import io.backstream.worker.domain.BackupService;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads every {@code BackupRequested}: the group id is unique per worker, so each worker sees all
 * requests and acts on the targets it owns. The backup itself runs on {@link BackupService}'s
 * executor, never on this thread; a request is in the worker's journal before {@code receive} returns,
 * so the offsets that the consumer commits after a poll never pass a request that is only in memory.
 */
@KafkaListener(groupId = "snapshot-worker-${backstream.worker.id}", offsetReset = OffsetReset.EARLIEST)
public class BackupRequestListener {

    private static final String CONSUMER = "snapshot-worker-requests";

    private final InboundEvents inbound;
    private final BackupService backups;

    public BackupRequestListener(InboundEvents inbound, BackupService backups) {
        this.inbound = inbound;
        this.backups = backups;
    }

    @Topic(Topics.BACKUP_REQUESTS)
    void receive(ConsumerRecord<String, byte[]> record) {
        inbound.handle(record, CONSUMER, event -> {
            if (event.data() instanceof BackupRequested request) {
                backups.request(request);
            }
        });
    }
}
