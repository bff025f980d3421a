package io.backstream.support.messaging;

import io.backstream.schema.DeadLetterHeaders;
import io.backstream.schema.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.context.annotation.Property;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends a record that cannot be handled to {@code <topic>.dlq}: the original key, value and
 * headers, plus headers that say why and where it came from.
 *
 * <p>The send is synchronous: the caller commits the source offset only after the dead letter
 * is durable, so a record is never lost between the two topics. A record this process has already
 * dead-lettered is not sent again when its batch is delivered again after a failure (listeners retry
 * a batch until it succeeds); after a restart it may be.
 */
@Singleton
public class DeadLetterPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterPublisher.class);
    private static final long SEND_TIMEOUT_SECONDS = 30;
    private static final int REMEMBERED_SOURCES = 10_000;

    private final Producer<byte[], byte[]> producer;
    private final MeterRegistry meterRegistry;
    /** Topic, partition and offset of the records dead-lettered most recently. */
    private final Map<String, Boolean> sent = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_SOURCES;
        }
    };

    public DeadLetterPublisher(@KafkaClient(id = "backstream-dlq", acks = KafkaClient.Acknowledge.ALL, properties = {
                                       // a dead letter can be a whole chunk record plus its error headers
                                       @Property(name = ProducerConfig.MAX_REQUEST_SIZE_CONFIG, value = "17825792")})
                               Producer<byte[], byte[]> producer,
                               MeterRegistry meterRegistry) {
        this.producer = producer;
        this.meterRegistry = meterRegistry;
    }

    /**
     * Dead-letters {@code record}.
     *
     * @param reason a short machine-readable reason, such as {@code MALFORMED}
     * @param error  what went wrong; its message must not contain the payload
     * @throws DeadLetterException when the dead letter could not be written; the caller must
     *                             then not commit the record's offset
     */
    public void send(ConsumerRecord<String, byte[]> record, String reason, Exception error) {
        send(record, record.value(), reason, error);
    }

    /** Dead-letters {@code record} with {@code value} as its payload, for records not read as bytes. */
    public void send(ConsumerRecord<String, ?> record, byte[] value, String reason, Exception error) {
        String source = record.topic() + "-" + record.partition() + "@" + record.offset();
        synchronized (sent) {
            if (sent.containsKey(source)) {
                LOG.debug("{} was dead-lettered before, not again", source);
                return;
            }
        }
        String dlqTopic = Topics.dlq(record.topic());
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            headers.add(header);
        }
        String message = DeadLetterHeaders.bounded(String.valueOf(error.getMessage()));
        headers.add(DeadLetterHeaders.REASON, utf8(reason));
        headers.add(DeadLetterHeaders.ERROR_CLASS, utf8(error.getClass().getName()));
        headers.add(DeadLetterHeaders.ERROR_MESSAGE, utf8(message));
        headers.add(DeadLetterHeaders.SOURCE_TOPIC, utf8(record.topic()));
        headers.add(DeadLetterHeaders.SOURCE_PARTITION, utf8(Integer.toString(record.partition())));
        headers.add(DeadLetterHeaders.SOURCE_OFFSET, utf8(Long.toString(record.offset())));
        byte[] key = record.key() == null ? null : utf8(record.key());
        try {
            producer.send(new ProducerRecord<>(dlqTopic, null, key, value, headers))
                    .get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadLetterException(dlqTopic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new DeadLetterException(dlqTopic, e);
        }
        synchronized (sent) {
            sent.put(source, Boolean.TRUE);
        }
        Counter.builder("backstream.dlq.records")
                .description("Records sent to a dead-letter topic")
                .tag("topic", record.topic())
                .register(meterRegistry)
                .increment();
        LOG.warn("Dead-lettered {} to {} ({}): {}", source, dlqTopic, reason, message);
    }

    /** A header value: every value written here is bounded, whatever the input it describes. */
    private static byte[] utf8(String value) {
        return DeadLetterHeaders.bounded(value).getBytes(StandardCharsets.UTF_8);
    }

    /** The dead-letter topic did not acknowledge the record. */
    public static final class DeadLetterException extends RuntimeException {
        DeadLetterException(String dlqTopic, Exception cause) {
            super("Could not write to dead-letter topic " + dlqTopic, cause);
        }
    }
}
