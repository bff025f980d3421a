package io.backstream.catalog.metrics;

import io.backstream.catalog.persistence.BackupStore;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;

/** Fills the last-success gauges from the catalog at start-up, so a restart does not reset them to zero. */
@Singleton
public class LastSuccessSeeder {

    private final BackupStore store;
    private final CatalogMetrics metrics;

    LastSuccessSeeder(BackupStore store, CatalogMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        store.lastSuccessPerTarget().forEach((target, at) -> metrics.lastSuccess(target, at.getEpochSecond()));
    }
}
