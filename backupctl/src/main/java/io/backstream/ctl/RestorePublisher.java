package io.backstream.ctl;

import io.backstream.schema.CloudEvent;
import io.backstream.schema.EventCodec;
import io.backstream.schema.EventType;
import io.backstream.schema.event.RestoreRequested;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes {@code RestoreRequested} on {@code restore.requests} (key restoreId) and returns once the broker
 * acknowledged it (acks=all); an unreachable broker fails within about 15 s with exit 3.
 */
public final class RestorePublisher {

    private static final Duration BLOCK = Duration.ofSeconds(10);

    private final String bootstrapServers;
    private final EventCodec codec = new EventCodec();

    public RestorePublisher(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** The CloudEvents JSON of the published event. */
    public String publish(RestoreRequested request) {
        CloudEvent<RestoreRequested> event = codec.create("/backupctl", request.restoreId(), request);
        byte[] value = codec.encode(event);
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) BLOCK.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) BLOCK.toMillis(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) BLOCK.toMillis() + 5_000,
                ProducerConfig.CLIENT_ID_CONFIG, "backupctl");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(EventType.RESTORE_REQUESTED.topic(),
                    request.restoreId().getBytes(StandardCharsets.UTF_8), value)).get(BLOCK.toSeconds() + 10, TimeUnit.SECONDS);
            return new String(value, StandardCharsets.UTF_8);
        } catch (org.apache.kafka.common.errors.TimeoutException | TimeoutException e) {
            throw unreachable();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable();
            }
            throw new CtlException(ExitCodes.FAILED, "Kafka refused the restore request: " + e.getCause().getMessage());
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new CtlException(ExitCodes.UNREACHABLE, "Kafka at " + bootstrapServers + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CtlException(ExitCodes.FAILED, "interrupted");
        }
    }

    private CtlException unreachable() {
        return new CtlException(ExitCodes.UNREACHABLE, "Kafka is not reachable at " + bootstrapServers
                + " (no answer within " + BLOCK.toSeconds() + " s); set it with --kafka or BACKSTREAM_KAFKA");
    }
}
