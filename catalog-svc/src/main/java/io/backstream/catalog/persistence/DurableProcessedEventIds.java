package io.backstream.catalog.persistence;

import io.backstream.support.messaging.ProcessedEvent;
import io.backstream.support.messaging.ProcessedEventIds;
import io.micronaut.context.annotation.Primary;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * Processed events (type, id, payload hash) in the {@code processed_events} table, so a redelivery after a restart is still
 * recognised. {@link CatalogProjection} records the id in the transaction of the projection itself;
 * {@link #remember} is then a no-op.
 */
@Primary
@Singleton
public class DurableProcessedEventIds implements ProcessedEventIds {

    private final ProcessedEventStore store;
    private final Clock clock;

    public DurableProcessedEventIds(ProcessedEventStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    @Transactional
    public Seen seen(String consumer, ProcessedEvent event) {
        return store.seen(consumer, event);
    }

    @Override
    @Transactional
    public void remember(String consumer, ProcessedEvent event) {
        store.markProcessed(consumer, event, clock.instant());
    }
}
