package io.backstream.restore.metrics;

import io.backstream.restore.domain.RetentionDeleter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/** {@code backstream.restore.deletes.refused} by {@code reason}: delete requests that did not fit the catalog. */
@Singleton
public class MicrometerDeletionMetrics implements RetentionDeleter.Metrics {

    private final MeterRegistry registry;

    public MicrometerDeletionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void refused(String code) {
        Counter.builder("backstream.restore.deletes.refused")
                .description("Delete requests refused because they do not fit the catalog's record of the backup")
                .tag("reason", code).register(registry).increment();
    }
}
