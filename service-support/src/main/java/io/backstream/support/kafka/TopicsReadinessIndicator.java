package io.backstream.support.kafka;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/** Readiness is DOWN until the service's topics exist, so no traffic arrives before them. */
@Singleton
@Readiness
public class TopicsReadinessIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final TopicProvisioner provisioner;

    public TopicsReadinessIndicator(TopicProvisioner provisioner) {
        this.provisioner = provisioner;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        healthStatus = provisioner.isProvisioned() ? HealthStatus.UP : HealthStatus.DOWN;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("topics", provisioner.topicNames());
        if (provisioner.lastError() != null && !provisioner.isProvisioned()) {
            details.put("error", provisioner.lastError());
        }
        return details;
    }

    @Override
    protected String getName() {
        return "kafkaTopics";
    }
}
