package io.backstream.worker.messaging;

import io.backstream.schema.EventCodec;
import io.backstream.schema.event.TargetAnnounced;
import io.backstream.support.messaging.EventPublisher;
import io.backstream.worker.config.Targets;
import io.backstream.worker.config.WorkerConfiguration;
import io.backstream.worker.domain.TargetSpec;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Announces every owned target on {@code backup.targets} (key targetId) at start-up. Start-up never
 * waits for Kafka: announcing retries in the background until the broker has acknowledged them all.
 */
@Singleton
public class TargetAnnouncer implements ApplicationEventListener<StartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(TargetAnnouncer.class);
    private static final long RETRY_SECONDS = 5;

    private final Targets targets;
    private final WorkerConfiguration config;
    private final EventPublisher publisher;
    private final EventCodec codec;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "target-announcer");
        thread.setDaemon(true);
        return thread;
    });
    private final Deque<TargetSpec> pending = new ArrayDeque<>();

    public TargetAnnouncer(Targets targets, WorkerConfiguration config, EventPublisher publisher, EventCodec codec) {
        this.targets = targets;
        this.config = config;
        this.publisher = publisher;
        this.codec = codec;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        pending.addAll(targets.all());
        executor.execute(this::announce);
    }

    private void announce() {
        while (!pending.isEmpty()) {
            TargetSpec target = pending.peekFirst();
            try {
                publisher.publish(target.id(), codec.create("/snapshot-worker/" + config.getId(), target.id(),
                        new TargetAnnounced(target.id(), config.getId(), target.kind(), targets.description(target),
                                Instant.now())));
                pending.removeFirst();
            } catch (EventPublisher.PublishException e) {
                LOG.warn("Could not announce target {} yet, retrying in {} s: {}", target.id(), RETRY_SECONDS,
                        e.getCause() == null ? e.getMessage() : e.getCause().toString());
                executor.schedule(this::announce, RETRY_SECONDS, TimeUnit.SECONDS);
                return;
            }
        }
        LOG.info("Announced {} target(s) of worker {}", targets.all().size(), config.getId());
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
