package io.backstream.restore.messaging;

import io.backstream.restore.domain.DeleteRefused;
import io.backstream.restore.domain.RetentionDeleter;
import io.backstream.schema.Topics;
import io.backstream.schema.event.DeleteRequested;
import io.backstream.support.messaging.DeadLetterPublisher;
import io.backstream.support.messaging.InboundEvents;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.Optional;

/**
 * Takes the catalog's {@code DeleteRequested} off {@code backup.deletions}, checks each against the catalog
 * ({@link RetentionDeleter#vet}) and hands those that fit to {@link RestoreWork}; one that does not goes to
 * {@code backup.deletions.dlq} with the refusal's code as the reason, and nothing is deleted.
 */
@KafkaListener(groupId = "restore-svc-deletions", offsetReset = OffsetReset.EARLIEST)
public class DeletionListener {

    private final InboundEvents inbound;
    private final RetentionDeleter deleter;
    private final DeadLetterPublisher deadLetters;
    private final RestoreWork work;

    public DeletionListener(InboundEvents inbound, RetentionDeleter deleter, DeadLetterPublisher deadLetters,
                            RestoreWork work) {
        this.inbound = inbound;
        this.deleter = deleter;
        this.deadLetters = deadLetters;
        this.work = work;
    }

    @Topic(Topics.BACKUP_DELETIONS)
    void receive(ConsumerRecord<String, byte[]> record) {
        inbound.handle(record, "restore-svc.deletions", event -> {
            if (event.data() instanceof DeleteRequested request) {
                Optional<DeleteRefused> refused = deleter.vet(request);
                if (refused.isPresent()) {
                    deadLetters.send(record, refused.get().code(), refused.get());
                    return;
                }
            }
            work.accept(event, record.value());
        });
    }
}
