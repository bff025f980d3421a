package io.backstream.worker.messaging;

import io.backstream.schema.event.SnapshotStarted;
import io.backstream.worker.config.WorkerConfiguration;
import io.backstream.worker.domain.ArchiveStream;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.producer.Producer;

/**
 * Opens each backup's {@link KafkaChunkStream} on the {@code backstream-chunks} producer (every replica
 * acknowledges, never duplicated), with {@code backstream.worker.max-chunks-in-flight}.
 */
@Singleton
public class KafkaChunkStreams implements ArchiveStream.Opener {

    private final Producer<String, byte[]> chunkProducer;
    private final int maxChunksInFlight;

    public KafkaChunkStreams(@KafkaClient(id = "backstream-chunks", acks = KafkaClient.Acknowledge.ALL)
                             Producer<String, byte[]> chunkProducer, WorkerConfiguration config) {
        this.chunkProducer = chunkProducer;
        this.maxChunksInFlight = config.getMaxChunksInFlight();
    }

    @Override
    public ArchiveStream open(SnapshotStarted started) {
        return new KafkaChunkStream(chunkProducer, started, maxChunksInFlight);
    }
}
