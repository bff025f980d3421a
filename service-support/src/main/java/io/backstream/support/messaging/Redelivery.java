package io.backstream.support.messaging;

import io.micronaut.configuration.kafka.exceptions.KafkaListenerException;
import io.micronaut.configuration.kafka.exceptions.KafkaListenerExceptionHandler;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * For batch listeners whose records must never be skipped. Once a listener's retries are used up,
 * Micronaut hands the failure to the listener's {@code KafkaListenerExceptionHandler} and then commits
 * past the batch; a listener that implements {@link Listener} seeks back to the batch's first records
 * instead, so the next poll delivers the batch again and the retries start over until the cause (a
 * database or disk that is down) is fixed. The growing consumer lag shows it.
 */
public final class Redelivery {

    private static final Logger LOG = LoggerFactory.getLogger(Redelivery.class);

    private Redelivery() {
    }

    /** A batch listener whose batches are delivered again, never skipped, once its retries are used up. */
    public interface Listener extends KafkaListenerExceptionHandler {

        @Override
        default void handle(KafkaListenerException exception) {
            afterExhaustedRetries(exception);
        }
    }

    /** Logs a batch that failed and that Micronaut will retry; the listener rethrows the failure. */
    public static void retrying(List<? extends ConsumerRecord<?, ?>> records, RuntimeException failure) {
        LOG.warn("A batch of {} records from {} failed and is retried: {}", records.size(), firstOffsets(records),
                failure.toString());
    }

    /** Seeks back to the first record of every partition of the failed batch, and logs it as an error. */
    private static void afterExhaustedRetries(KafkaListenerException exception) {
        Map<TopicPartition, Long> first = exception.getConsumerRecords().map(Redelivery::firstOffsets).orElse(Map.of());
        first.forEach(exception.getKafkaConsumer()::seek);
        LOG.error("A batch from {} failed on every retry; its records are not skipped, the retries start over",
                first, exception.getCause() != null ? exception.getCause() : exception);
    }

    /** The offset of each partition's first record in a batch. */
    private static Map<TopicPartition, Long> firstOffsets(Iterable<? extends ConsumerRecord<?, ?>> records) {
        Map<TopicPartition, Long> first = new LinkedHashMap<>();
        for (ConsumerRecord<?, ?> record : records) {
            first.putIfAbsent(new TopicPartition(record.topic(), record.partition()), record.offset());
        }
        return first;
    }
}
