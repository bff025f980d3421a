package io.backstream.support.messaging;

import io.micronaut.context.annotation.Secondary;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The default {@link ProcessedEventIds}: the most recent ids per process, bounded in memory.
 *
 * <p>It catches the duplicates Kafka produces in practice (a redelivery after a rebalance or a
 * retried send), which arrive close together. Ids older than the window, or from before a
 * restart, are not remembered: services whose effects must be exactly-once over longer spans
 * replace this bean with one backed by their own store.
 */
@Singleton
@Secondary
public class RecentProcessedEventIds implements ProcessedEventIds {

    /** Payload hash by consumer, type and id. */
    private final Map<String, String> recent;

    public RecentProcessedEventIds(@Value("${backstream.consumer.dedup-window:100000}") int window) {
        if (window < 1) {
            throw new IllegalArgumentException("backstream.consumer.dedup-window must be at least 1, got " + window);
        }
        this.recent = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > window;
            }
        };
    }

    @Override
    public synchronized Seen seen(String consumer, ProcessedEvent event) {
        String stored = recent.get(key(consumer, event));
        return stored == null ? Seen.NEW : ProcessedEventIds.compare(stored, event);
    }

    @Override
    public synchronized void remember(String consumer, ProcessedEvent event) {
        recent.put(key(consumer, event), event.payloadSha256());
    }

    private static String key(String consumer, ProcessedEvent event) {
        return consumer + '\n' + event.type() + '\n' + event.id();
    }
}
