package io.backstream.uploader.messaging;

import io.backstream.schema.ChunkHeaders;
import io.backstream.schema.ChunkIndex;
import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.event.SnapshotFailed;
import io.backstream.schema.event.SnapshotStarted;
import io.backstream.support.messaging.InboundEvents;
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

/**
 * Consumes {@code backup.chunks}. One record at a time per consumer thread, and its offset is
 * committed synchronously only after the record's work is durable (the part in the store, the
 * resume state on disk). The work of one record is bounded (one part of at most 16 MiB with
 * bounded storage retries), which is why it runs on the listener thread: handing it to another
 * thread would let the offset run ahead of the data. Backups on different partitions are uploaded
 * concurrently by {@code backstream.uploader.concurrency} consumer threads.
 *
 * <p>A record whose handling fails unexpectedly (state directory, event publishing) is retried
 * with a fixed delay and never skipped before the configured number of retries.
 */
@KafkaListener(
        groupId = "${backstream.uploader.group-id:uploader-svc}",
        threadsValue = "${backstream.uploader.concurrency:2}",
        offsetReset = OffsetReset.EARLIEST,
        offsetStrategy = OffsetStrategy.SYNC_PER_RECORD,
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RETRY_ON_ERROR,
                retryDelay = "${backstream.uploader.record-retry-delay:5s}",
                retryCountValue = "${backstream.uploader.record-retries:720}",
                handleAllExceptions = true),
        properties = {
                @Property(name = ConsumerConfig.MAX_POLL_RECORDS_CONFIG, value = "1"),
                // a chunk record is up to 16 MiB plus headers
                @Property(name = ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, value = "17825792"),
                @Property(name = ConsumerConfig.FETCH_MAX_BYTES_CONFIG, value = "35651584"),
                @Property(name = ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, value = "900000")
        })
public class ChunkListener {

    private final InboundEvents inbound;
    private final InboundEvents.ChunkRecordHandler handler;

    public ChunkListener(InboundEvents inbound, BackupUploader uploader) {
        this.inbound = inbound;
        this.handler = new InboundEvents.ChunkRecordHandler() {
            @Override
            public void onStart(SnapshotStarted started) {
                uploader.onStart(started);
            }

            @Override
            public void onIndex(String backupId, ChunkIndex index) {
                uploader.onIndex(backupId, index);
            }

            @Override
            public void onChunk(ChunkHeaders chunk, byte[] bytes) {
                uploader.onChunk(chunk, bytes);
            }

            @Override
            public void onEnd(SnapshotCompleted completed) {
                uploader.onEnd(completed);
            }

            @Override
            public void onAbort(SnapshotFailed failed) {
                uploader.onAbort(failed);
            }
        };
    }

    @Topic("${backstream.uploader.topic:backup.chunks}")
    void receive(ConsumerRecord<String, byte[]> record) {
        inbound.handleChunkRecord(record, handler);
    }
}
