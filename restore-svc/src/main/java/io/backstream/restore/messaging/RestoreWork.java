package io.backstream.restore.messaging;

import io.backstream.restore.config.RestoreProperties;
import io.backstream.restore.domain.RestoreService;
import io.backstream.restore.domain.RetentionDeleter;
import io.backstream.schema.CloudEvent;
import io.backstream.schema.EventCodec;
import io.backstream.schema.EventRejectedException;
import io.backstream.schema.event.DeleteRequested;
import io.backstream.schema.event.RestoreRequested;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs what accepted events ask for, restores and deletes, on a bounded pool off the Kafka listener
 * threads. When every worker is busy and the queue is full, {@link #accept} blocks the listener
 * (back-pressure) instead of dropping work. Every accepted event is recorded in {@link PendingWork} until
 * its work has run, and what the last run left unfinished is queued again when this service starts; a restore that
 * {@value #MAX_RESUMES} starts already found unfinished (one that takes the process down with it each time) is
 * reported failed ({@code restarted-too-often}) and dropped instead of run once more.
 */
@Singleton
public class RestoreWork {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreWork.class);
    /** Starts that may run an unfinished restore again before it is given up. */
    static final int MAX_RESUMES = 3;

    private final ThreadPoolExecutor executor;
    private final PendingWork pending;
    private final EventCodec codec;
    private final RestoreService restores;
    private final RetentionDeleter deleter;

    public RestoreWork(RestoreProperties properties, PendingWork pending, EventCodec codec, RestoreService restores,
                       RetentionDeleter deleter) {
        this.pending = pending;
        this.codec = codec;
        this.restores = restores;
        this.deleter = deleter;
        AtomicInteger threads = new AtomicInteger();
        executor = new ThreadPoolExecutor(properties.getWorkers(), properties.getWorkers(), 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(properties.getQueueCapacity()),
                r -> {
                    Thread thread = new Thread(r, "restore-worker-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                },
                (task, pool) -> {
                    if (pool.isShutdown()) {
                        throw new RejectedExecutionException("restore-svc is shutting down");
                    }
                    try {
                        pool.getQueue().put(task);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new RejectedExecutionException("interrupted while waiting for a restore worker", e);
                    }
                });
    }

    /**
     * Records the event (as it arrived, {@code encoded}) and queues its work; blocks while the queue is
     * full. Events that ask for no work here are ignored, and so is an event already pending, which a
     * restart queued again before its record was delivered once more.
     */
    public void accept(CloudEvent<?> event, byte[] encoded) {
        Runnable work = workOf(event);
        if (work == null || pending.contains(event.id())) {
            return;
        }
        pending.add(event.id(), encoded);
        run(event, work);
    }

    /** Queues again what was accepted before the last stop and not finished; runs before any listener. */
    @PostConstruct
    void resumePending() {
        for (byte[] encoded : pending.all()) {
            CloudEvent<?> event;
            try {
                event = codec.decode(encoded);
            } catch (EventRejectedException e) {
                LOG.error("A pending request this version cannot read is left in place: {}", e.getMessage());
                continue;
            }
            Runnable work = workOf(event);
            if (event.data() instanceof RestoreRequested request && pending.resumed(event.id()) > MAX_RESUMES) {
                LOG.error("Restore {} was unfinished at {} starts in a row: it is given up", request.restoreId(),
                        MAX_RESUMES + 1);
                restores.giveUp(request, "restarted-too-often: the service stopped during this restore "
                        + MAX_RESUMES + " times; request it again once the cause is fixed");
                pending.remove(event.id());
                continue;
            }
            if (work != null) {
                LOG.info("{} {} was accepted before the last stop and did not finish: it runs again", event.type(), event.id());
                run(event, work);
            }
        }
    }

    private Runnable workOf(CloudEvent<?> event) {
        if (event.data() instanceof RestoreRequested request) {
            return () -> restores.run(request);
        }
        if (event.data() instanceof DeleteRequested request) {
            return () -> deleter.delete(request);
        }
        return null;
    }

    private void run(CloudEvent<?> event, Runnable work) {
        executor.execute(() -> {
            try {
                work.run();
                pending.remove(event.id());
            } catch (RuntimeException e) {
                LOG.error("{} {} failed unexpectedly; it stays pending and runs again after a restart",
                        event.type(), event.id(), e);
            }
        });
    }

    @PreDestroy
    void shutdown() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(30, TimeUnit.SECONDS);
    }
}
