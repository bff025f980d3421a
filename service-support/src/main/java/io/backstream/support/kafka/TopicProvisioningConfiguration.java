package io.backstream.support.kafka;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Which topics a service makes sure exist at start-up ({@code backstream.topics.*}).
 *
 * <p>{@code owned} are the topics the service produces to; {@code consumed} are the topics it
 * reads, whose dead-letter topics it also owns. Partitions and configs come from
 * {@link io.backstream.schema.Topics}; only the replication factor is a deployment choice.
 */
@Context
@ConfigurationProperties("backstream.topics")
public class TopicProvisioningConfiguration {

    private boolean enabled = true;
    @NotNull
    private List<String> owned = new ArrayList<>();
    @NotNull
    private List<String> consumed = new ArrayList<>();
    @Min(1)
    @Max(32767)
    private int replicationFactor = 1;
    @NotNull
    private Duration retryInterval = Duration.ofSeconds(5);

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public List<String> getOwned() {
        return owned;
    }

    public void setOwned(List<String> owned) {
        this.owned = owned;
    }

    public List<String> getConsumed() {
        return consumed;
    }

    public void setConsumed(List<String> consumed) {
        this.consumed = consumed;
    }

    public int getReplicationFactor() {
        return replicationFactor;
    }

    public void setReplicationFactor(int replicationFactor) {
        this.replicationFactor = replicationFactor;
    }

    public Duration getRetryInterval() {
        return retryInterval;
    }

    public void setRetryInterval(Duration retryInterval) {
        this.retryInterval = retryInterval;
    }
}
