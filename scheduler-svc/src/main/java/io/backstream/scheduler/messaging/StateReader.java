package io.backstream.scheduler.messaging;

import io.backstream.scheduler.domain.BackupLedger;
import io.backstream.scheduler.domain.KnownTargets;
import io.backstream.scheduler.domain.PoliciesInForce;
import io.backstream.scheduler.domain.PolicyValidator;
import io.backstream.scheduler.domain.Violation;
import io.backstream.schema.BoundedText;
import io.backstream.schema.Topics;
import io.backstream.schema.event.Policy;
import io.backstream.schema.event.TargetAnnounced;
import io.backstream.support.messaging.InboundEvents;
import io.backstream.support.retry.Backoff;
import io.micronaut.configuration.kafka.config.KafkaDefaultConfiguration;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Mirrors {@code backup.policies}, {@code backup.targets} and {@code backup.events} into memory. Every replica
 * reads every partition from the beginning with a group-less consumer, so each one sees every policy, target
 * and backup, also after a restart. Runs on its own thread; state updates are quick in-memory changes.
 * {@link #isCaughtUp()} turns true once everything that existed at start-up has been read, and stays true.
 * A topic that does not exist yet is read from its beginning once it appears. Starts when the application has
 * started, after the start-up checks of the Kafka configuration.
 *
 * <p>A record that is not a valid event of its topic's types (a forged TargetAnnounced on the compacted
 * {@code backup.policies}, say) is dead-lettered by {@link InboundEvents} and skipped: it stays on a compacted
 * topic for good, so failing on it would make every re-read from the beginning fail again.
 */
@Singleton
public class StateReader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StateReader.class);
    private static final List<String> TOPICS =
            List.of(Topics.BACKUP_POLICIES, Topics.BACKUP_TARGETS, Topics.BACKUP_EVENTS);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final long DISCOVERY_INTERVAL_MS = 2_000;
    private static final Duration IDLE = Duration.ofSeconds(2);
    /** After a failure: about 2 s, jittered so that replicas failing together do not re-read together. */
    private static final Backoff RETRY_BACKOFF = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(2), 1.0, 0.2);

    private final InboundEvents inbound;
    private final PoliciesInForce policies;
    private final KnownTargets targets;
    private final BackupLedger ledger;
    private final Clock clock;
    private final Properties consumerConfig;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private volatile KafkaConsumer<String, byte[]> consumer;

    public StateReader(InboundEvents inbound, PoliciesInForce policies, KnownTargets targets, BackupLedger ledger,
                       Clock clock, KafkaDefaultConfiguration kafka) {
        this.inbound = inbound;
        this.policies = policies;
        this.targets = targets;
        this.ledger = ledger;
        this.clock = clock;
        this.consumerConfig = consumerConfig(kafka.getConfig());
        this.thread = new Thread(this::run, "scheduler-state-reader");
        this.thread.setDaemon(true);
    }

    /** Starts reading. */
    @EventListener
    void onStartup(StartupEvent event) {
        thread.start();
    }

    /** Whether every record present at start-up has been applied. */
    public boolean isCaughtUp() {
        return caughtUp;
    }

    @Override
    @PreDestroy
    public void close() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (!thread.isAlive()) {
            return;
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Properties consumerConfig(Properties kafka) {
        Properties config = new Properties();
        config.putAll(kafka);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        return config;
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, byte[]> kafkaConsumer = new KafkaConsumer<>(consumerConfig)) {
                consumer = kafkaConsumer;
                consume(kafkaConsumer);
            } catch (WakeupException e) {
                if (running) {
                    LOG.warn("State reader woken up unexpectedly; restarting");
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                Duration delay = RETRY_BACKOFF.delay(1);
                LOG.warn("State reader failed ({}); re-reading from the beginning in {} ms", e.toString(),
                        delay.toMillis());
                pause(delay);
            } finally {
                consumer = null;
            }
        }
    }

    private void consume(KafkaConsumer<String, byte[]> kafkaConsumer) {
        List<TopicPartition> assigned = new ArrayList<>();
        Map<TopicPartition, Long> startupEnds = new HashMap<>();
        long nextDiscovery = 0;
        while (running) {
            // keep looking until every topic is assigned: one created after start-up is picked up then
            if (assigned.stream().map(TopicPartition::topic).distinct().count() < TOPICS.size() || !caughtUp) {
                if (System.currentTimeMillis() >= nextDiscovery) {
                    List<TopicPartition> found = discover(kafkaConsumer, assigned);
                    if (!found.isEmpty()) {
                        assigned.addAll(found);
                        kafkaConsumer.assign(assigned);
                        kafkaConsumer.seekToBeginning(found);
                        if (!caughtUp) {
                            startupEnds.putAll(kafkaConsumer.endOffsets(found));
                        }
                    }
                    nextDiscovery = System.currentTimeMillis() + DISCOVERY_INTERVAL_MS;
                }
            }
            if (assigned.isEmpty()) {
                caughtUp = true;
                pause(IDLE);
                continue;
            }
            for (ConsumerRecord<String, byte[]> record : kafkaConsumer.poll(POLL)) {
                apply(record);
            }
            if (!caughtUp && startupEnds.entrySet().stream()
                    .allMatch(end -> kafkaConsumer.position(end.getKey()) >= end.getValue())) {
                caughtUp = true;
                LOG.info("State caught up: {} policies", policies.all().size());
            }
        }
    }

    private static List<TopicPartition> discover(KafkaConsumer<String, byte[]> kafkaConsumer,
                                                 List<TopicPartition> assigned) {
        Set<String> have = new HashSet<>();
        assigned.forEach(partition -> have.add(partition.topic()));
        List<TopicPartition> found = new ArrayList<>();
        for (String topic : TOPICS) {
            if (have.contains(topic)) {
                continue;
            }
            List<PartitionInfo> partitions = kafkaConsumer.listTopics().getOrDefault(topic, List.of());
            partitions.forEach(info -> found.add(new TopicPartition(topic, info.partition())));
        }
        return found;
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        switch (record.topic()) {
            case Topics.BACKUP_POLICIES -> {
                if (record.value() == null) {
                    policies.remove(record.key());
                } else {
                    inbound.handle(record, "scheduler-policies", event -> applyPolicy(record.key(), (Policy) event.data()));
                }
            }
            case Topics.BACKUP_TARGETS -> {
                if (record.value() == null) {
                    targets.withdraw(record.key());
                } else {
                    inbound.handle(record, "scheduler-targets",
                            event -> targets.announce(((TargetAnnounced) event.data()).targetId()));
                }
            }
            default -> inbound.handle(record, "scheduler-backup-events",
                    event -> ledger.apply(event.data(), event.time() != null ? event.time() : clock.instant()));
        }
    }

    private void applyPolicy(String key, Policy policy) {
        List<Violation> violations = PolicyValidator.validateSchedulable(policy, target -> true);
        if (!policy.id().equals(key)) {
            LOG.error("Ignoring policy record keyed {} that holds policy {}", BoundedText.cut(key, 256), policy.id());
        } else if (!violations.isEmpty()) {
            // The newest version is what the operator meant; running an older one instead would be wrong.
            policies.remove(key);
            LOG.error("Policy {} on {} is invalid and is not scheduled: {}", key, Topics.BACKUP_POLICIES, violations);
        } else {
            policies.put(policy);
        }
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
