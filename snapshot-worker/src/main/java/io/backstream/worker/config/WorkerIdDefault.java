package io.backstream.worker.config;

import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.ApplicationContextConfigurer;
import io.micronaut.context.annotation.ContextConfigurer;
import io.micronaut.context.env.PropertySource;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

/**
 * Provides {@code backstream.worker.hostname}, the default of {@code backstream.worker.id}
 * (application.yml), so a worker needs no configuration to get a stable id and consumer group.
 */
@ContextConfigurer
public final class WorkerIdDefault implements ApplicationContextConfigurer {

    @Override
    public void configure(ApplicationContextBuilder builder) {
        builder.propertySources(PropertySource.of("backstream-worker-defaults",
                Map.of("backstream.worker.hostname", hostname())));
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
