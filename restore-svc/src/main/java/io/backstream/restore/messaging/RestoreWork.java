package io.backstream.restore.messaging;

import io.backstream.restore.config.RestoreProperties;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded pool restores and deletes run on, off the Kafka listener threads. When every worker is busy and
 * the queue is full, {@link #submit} blocks the listener (back-pressure) instead of dropping work.
 */
@Singleton
public class RestoreWork {

    private final ThreadPoolExecutor executor;

    public RestoreWork(RestoreProperties properties) {
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

    /** Runs {@code task} on a worker; blocks while the queue is full. */
    public void submit(Runnable task) {
        executor.execute(task);
    }

    @PreDestroy
    void shutdown() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(30, TimeUnit.SECONDS);
    }
}
