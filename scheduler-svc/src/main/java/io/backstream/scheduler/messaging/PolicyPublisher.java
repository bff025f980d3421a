package io.backstream.scheduler.messaging;

import io.backstream.scheduler.config.SchedulerConfiguration;
import io.backstream.schema.EventCodec;
import io.backstream.schema.Topics;
import io.backstream.schema.event.Policy;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes policies to the compacted {@code backup.policies} topic (key = policy id) and deletes them with a
 * tombstone. One producer carries both, so writes of one policy stay in order. Returns once acknowledged.
 */
@Singleton
public class PolicyPublisher {

    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final Producer<String, byte[]> producer;
    private final EventCodec codec;
    private final Clock clock;
    private final String source;

    public PolicyPublisher(@KafkaClient(id = "backstream-policies", acks = KafkaClient.Acknowledge.ALL)
                           Producer<String, byte[]> producer,
                           EventCodec codec, Clock clock, SchedulerConfiguration configuration) {
        this.producer = producer;
        this.codec = codec;
        this.clock = clock;
        this.source = configuration.getSource();
    }

    /** Publishes {@code policy} as a {@code backstream.policy.v1} event. */
    public void publish(Policy policy) {
        send(codec.encode(codec.create(source, policy.id(), policy, clock)), policy.id());
    }

    /** Deletes the policy with a null-valued record. */
    public void delete(String policyId) {
        send(null, policyId);
    }

    private void send(byte[] value, String policyId) {
        try {
            producer.send(new ProducerRecord<>(Topics.BACKUP_POLICIES, policyId, value))
                    .get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while writing policy " + policyId, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not write policy " + policyId + " to " + Topics.BACKUP_POLICIES, e);
        }
    }
}
