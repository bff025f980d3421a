package io.backstream.support.messaging;

import io.backstream.schema.CloudEvent;
import io.backstream.schema.EventCodec;
import io.backstream.schema.EventType;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes CloudEvents to the topic their type belongs to (acks=all, idempotent producer) and
 * returns only when the broker has acknowledged them.
 */
@Singleton
public class EventPublisher {

    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final Producer<String, byte[]> producer;
    private final EventCodec codec;

    public EventPublisher(@KafkaClient(id = "backstream-events", acks = KafkaClient.Acknowledge.ALL)
                          Producer<String, byte[]> producer,
                          EventCodec codec) {
        this.producer = producer;
        this.codec = codec;
    }

    /**
     * Publishes {@code event} keyed by {@code key} (see {@code docs/events.md} for each topic's key).
     *
     * @throws PublishException when the broker did not acknowledge the event in time
     */
    public RecordMetadata publish(String key, CloudEvent<?> event) {
        String topic = EventType.fromType(event.type())
                .orElseThrow(() -> new IllegalArgumentException("Unknown event type " + event.type()))
                .topic();
        try {
            return producer.send(new ProducerRecord<>(topic, key, codec.encode(event)))
                    .get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException(topic, event, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new PublishException(topic, event, e);
        }
    }

    /** An event that the broker did not acknowledge. */
    public static final class PublishException extends RuntimeException {
        PublishException(String topic, CloudEvent<?> event, Exception cause) {
            super("Could not publish " + event.type() + " " + event.id() + " to " + topic, cause);
        }
    }
}
