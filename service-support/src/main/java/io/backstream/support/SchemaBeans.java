package io.backstream.support;

import io.backstream.schema.EventCodec;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** Makes the framework-free schema types injectable. */
@Factory
public class SchemaBeans {

    /** Loads every schema once; thread-safe. */
    @Singleton
    public EventCodec eventCodec() {
        return new EventCodec();
    }
}
