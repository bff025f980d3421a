package io.backstream.uploader.messaging;

import io.backstream.schema.ChunkHeaders;
import io.backstream.schema.ChunkIndex;
import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.event.SnapshotFailed;
import io.backstream.schema.event.SnapshotStarted;
import io.backstream.support.messaging.DeadLetterPublisher;
import io.backstream.support.messaging.InboundEvents;
import io.backstream.support.messaging.Redelivery;
import io.backstream.uploader.domain.AbandonedBackupException;
import io.backstream.uploader.domain.BackupUploader;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.context.annotation.Property;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Consumes {@code backup.chunks} a poll at a time. The records of a poll form one
 * {@link BackupUploader.Batch}: their parts are sent concurrently, and the batch's offsets are
 * committed synchronously only after {@link BackupUploader.Batch#commit()} has made all of it
 * durable (the parts in the store, the resume state on disk). A poll holds at most 32 MiB of
 * records per partition, which bounds both memory and the parts in flight per backup. Backups on
 * different partitions are uploaded concurrently by {@code backstream.uploader.concurrency}
 * consumer threads.
 *
 * <p>When a batch fails unexpectedly (state directory, event publishing) nothing of it is committed:
 * the consumer seeks back to the batch's first records and retries it with a fixed delay. Its records
 * are never skipped, because a backup missing a chunk could never complete: once the configured
 * retries are used up, {@link Redelivery.Listener} delivers the batch again.
 *
 * <p>A record of a backup that was abandoned ({@link AbandonedBackupException}) goes to the dead-letter
 * topic with reason {@code ABANDONED} and the batch carries on.
 */
@KafkaListener(
        groupId = "${backstream.uploader.group-id:uploader-svc}",
        threadsValue = "${backstream.uploader.concurrency:2}",
        batch = true,
        offsetReset = OffsetReset.EARLIEST,
        offsetStrategy = OffsetStrategy.SYNC,
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RETRY_ON_ERROR,
                retryDelay = "${backstream.uploader.record-retry-delay:5s}",
                retryCountValue = "${backstream.uploader.record-retries:720}"),
        properties = {
                @Property(name = ConsumerConfig.MAX_POLL_RECORDS_CONFIG, value = "64"),
                // a chunk record is up to 16 MiB plus headers: a fetch brings two or more
                @Property(name = ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, value = "33554432"),
                @Property(name = ConsumerConfig.FETCH_MAX_BYTES_CONFIG, value = "33554432"),
                @Property(name = ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, value = "900000"),
                // values as views of the fetched bytes: a chunk is not copied out of the fetch response
                // (Micronaut wants both deserializers when one is named)
                @Property(name = ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                        value = "org.apache.kafka.common.serialization.StringDeserializer"),
                @Property(name = ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                        value = "org.apache.kafka.common.serialization.ByteBufferDeserializer")
        })
public class ChunkListener implements Redelivery.Listener {

    /** Dead-letter reason of a record refused because its backup was abandoned. */
    static final String ABANDONED = "ABANDONED";

    private final InboundEvents inbound;
    private final BackupUploader uploader;
    private final DeadLetterPublisher deadLetters;

    public ChunkListener(InboundEvents inbound, BackupUploader uploader, DeadLetterPublisher deadLetters) {
        this.inbound = inbound;
        this.uploader = uploader;
        this.deadLetters = deadLetters;
    }

    @Topic("${backstream.uploader.topic:backup.chunks}")
    void receive(List<ConsumerRecord<String, ByteBuffer>> records) {
        try (BackupUploader.Batch batch = uploader.batch()) {
            InboundEvents.ChunkRecordHandler handler = new InboundEvents.ChunkRecordHandler() {
                @Override
                public void onStart(SnapshotStarted started) {
                    batch.onStart(started);
                }

                @Override
                public void onIndex(String backupId, ChunkIndex index) {
                    batch.onIndex(backupId, index);
                }

                @Override
                public void onChunk(ChunkHeaders chunk, ByteBuffer bytes) {
                    batch.onChunk(chunk, bytes);
                }

                @Override
                public void onEnd(SnapshotCompleted completed) {
                    batch.onEnd(completed);
                }

                @Override
                public void onAbort(SnapshotFailed failed) {
                    batch.onAbort(failed);
                }
            };
            for (ConsumerRecord<String, ByteBuffer> record : records) {
                try {
                    inbound.handleChunkRecord(record, handler);
                } catch (AbandonedBackupException e) {
                    deadLetters.send(record, bytes(record.value()), ABANDONED, e);
                }
            }
            batch.commit();
        } catch (RuntimeException e) {
            Redelivery.retrying(records, e);
            throw e;
        }
    }

    private static byte[] bytes(ByteBuffer value) {
        if (value == null) {
            return null;
        }
        byte[] copy = new byte[value.remaining()];
        value.duplicate().get(copy);
        return copy;
    }
}
