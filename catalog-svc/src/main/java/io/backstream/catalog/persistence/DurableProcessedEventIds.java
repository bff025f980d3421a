package io.backstream.catalog.persistence;

import io.backstream.support.messaging.ProcessedEventIds;
import io.micronaut.context.annotation.Primary;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * Processed event ids in the {@code processed_events} table, so a redelivery after a restart is still
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
    public boolean contains(String consumer, String eventId) {
        return store.isProcessed(consumer, eventId);
    }

    @Override
    @Transactional
    public void remember(String consumer, String eventId) {
        store.markProcessed(consumer, eventId, clock.instant());
    }
}
