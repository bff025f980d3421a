package io.backstream.support.kafka;

import io.backstream.schema.Topics;
import io.micronaut.configuration.kafka.config.KafkaDefaultConfiguration;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Creates the topics a service owns, with the partitions and configs {@link Topics} declares,
 * when they are missing. Existing topics are left as they are.
 *
 * <p>Start-up never blocks on Kafka: provisioning retries in the background until the broker
 * answers, and readiness stays DOWN until it has succeeded. Bad configuration, on the other
 * hand, fails start-up with the property's name.
 */
@Context
public class TopicProvisioner implements ApplicationEventListener<StartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);
    private static final Pattern BOOTSTRAP_SERVERS = Pattern.compile("[^\\s,:]+:\\d{1,5}(,[^\\s,:]+:\\d{1,5})*");
    private static final int ADMIN_TIMEOUT_MILLIS = 10_000;

    private final TopicProvisioningConfiguration config;
    private final Map<String, Object> adminConfig;
    private final List<NewTopic> topics;
    private final ScheduledExecutorService executor;
    private volatile boolean provisioned;
    private volatile String lastError = "not attempted yet";

    /**
     * @param kafka the service's {@code kafka.*} settings; the admin client takes the ones an admin client has
     *              ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}), like every other client. Absent
     *              with {@code kafka.enabled: false}, where nothing is provisioned either.
     */
    public TopicProvisioner(TopicProvisioningConfiguration config,
                            @Value("${kafka.bootstrap.servers}") String bootstrapServers,
                            @Nullable KafkaDefaultConfiguration kafka) {
        if (!BOOTSTRAP_SERVERS.matcher(bootstrapServers).matches()) {
            throw new ConfigurationException(
                    "kafka.bootstrap.servers must be a comma-separated list of host:port, got '" + bootstrapServers + "'");
        }
        this.config = config;
        this.adminConfig = adminConfig(kafka == null ? new Properties() : kafka.getConfig(), bootstrapServers);
        this.topics = newTopics(config);
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "topic-provisioner");
            thread.setDaemon(true);
            return thread;
        });
        this.provisioned = !config.isEnabled() || topics.isEmpty();
    }

    private static Map<String, Object> adminConfig(Properties kafka, String bootstrapServers) {
        Map<String, Object> admin = new HashMap<>();
        Set<String> known = AdminClientConfig.configNames();
        kafka.forEach((key, value) -> {
            if (known.contains(String.valueOf(key))) {
                admin.put(String.valueOf(key), value);
            }
        });
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ADMIN_TIMEOUT_MILLIS);
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ADMIN_TIMEOUT_MILLIS);
        return Map.copyOf(admin);
    }

    private static List<NewTopic> newTopics(TopicProvisioningConfiguration config) {
        Set<String> names = new LinkedHashSet<>(config.getOwned());
        config.getConsumed().forEach(topic -> names.add(Topics.dlq(topic)));
        List<NewTopic> topics = new ArrayList<>();
        for (String name : names) {
            Topics.TopicSpec spec;
            try {
                spec = Topics.spec(name);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("backstream.topics names an unknown topic '" + name
                        + "' (owned " + config.getOwned() + ", consumed " + config.getConsumed() + ")");
            }
            topics.add(new NewTopic(spec.name(), spec.partitions(), (short) config.getReplicationFactor())
                    .configs(spec.configs()));
        }
        return topics;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        if (!provisioned) {
            executor.execute(this::attempt);
        }
    }

    private void attempt() {
        try (Admin admin = Admin.create(adminConfig)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = topics.stream().filter(topic -> !existing.contains(topic.name())).toList();
            for (var result : admin.createTopics(missing).values().entrySet()) {
                try {
                    result.getValue().get();
                    LOG.info("Created topic {}", result.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            provisioned = true;
            lastError = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            lastError = cause.getClass().getSimpleName() + ": " + cause.getMessage();
            LOG.warn("Could not provision topics on {} ({}); retrying in {}",
                    adminConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG), lastError, config.getRetryInterval());
            executor.schedule(this::attempt, config.getRetryInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Whether every topic this service owns exists. */
    public boolean isProvisioned() {
        return provisioned;
    }

    /** The names of the topics this service makes sure exist. */
    public List<String> topicNames() {
        return topics.stream().map(NewTopic::name).toList();
    }

    /** Why the last attempt failed, or {@code null} after success. */
    public String lastError() {
        return lastError;
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
