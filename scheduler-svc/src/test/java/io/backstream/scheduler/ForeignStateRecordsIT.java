package io.backstream.scheduler;

import io.backstream.scheduler.domain.RunIds;
import io.backstream.schema.CloudEvent;
import io.backstream.schema.DeadLetterHeaders;
import io.backstream.schema.EventCodec;
import io.backstream.schema.TargetKind;
import io.backstream.schema.Topics;
import io.backstream.schema.event.BackupRequested;
import io.backstream.schema.event.TargetAnnounced;
import io.backstream.testkit.BackstreamInfrastructure;
import io.backstream.testkit.KafkaBroker;
import io.backstream.testkit.UniqueNames;
import io.micronaut.http.HttpRequest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.backstream.scheduler.SchedulerNode.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A record of the wrong type on a compacted state topic stays there for good; the scheduler must skip it
 * (to the topic's DLQ) rather than fail and re-read from the beginning for ever, scheduling nothing.
 */
@ExtendWith(BackstreamInfrastructure.class)
class ForeignStateRecordsIT {

    @Test
    void aWrongTypedRecordOnThePolicyTopicIsDeadLetteredAndSchedulingGoesOn(KafkaBroker broker) throws Exception {
        String policyId = UniqueNames.id("after-poison");
        String target = UniqueNames.id("db");
        String poisonKey = UniqueNames.id("poison");
        Instant start = Instant.parse("2030-03-04T10:00:10Z");
        SchedulerNode.ensureTopics(broker);
        EventCodec codec = new EventCodec();
        // already on the topic when the scheduler starts, as after a restart
        CloudEvent<TargetAnnounced> foreign = codec.create("/forged", poisonKey,
                new TargetAnnounced(poisonKey, "worker-x", TargetKind.DIRECTORY, "not a policy", start));
        long poisonOffset;
        try (KafkaProducer<byte[], byte[]> producer = broker.newProducer()) {
            poisonOffset = producer.send(new ProducerRecord<>(Topics.BACKUP_POLICIES,
                    poisonKey.getBytes(StandardCharsets.UTF_8), codec.encode(foreign))).get().offset();
        }

        try (EventScript script = new EventScript(broker);
             SchedulerNode node = SchedulerNode.start(broker, start, Map.of())) {
            List<ConsumerRecord<byte[], byte[]>> dead = broker.readUntil(Topics.dlq(Topics.BACKUP_POLICIES),
                    records -> records.stream().anyMatch(r -> isDeadLetterOf(r, poisonOffset)), TIMEOUT);
            ConsumerRecord<byte[], byte[]> letter = dead.stream().filter(r -> isDeadLetterOf(r, poisonOffset))
                    .findFirst().orElseThrow();
            assertEquals("WRONG_TOPIC", header(letter, DeadLetterHeaders.REASON));
            String message = header(letter, DeadLetterHeaders.ERROR_MESSAGE);
            assertTrue(message.contains("backstream.target.announced.v1") && message.contains(Topics.BACKUP_POLICIES),
                    message);

            // records after the foreign one are still read, and the policy they make is scheduled
            script.announce(target, start);
            node.awaitTarget(target);
            assertEquals(200, node.exchange(HttpRequest.PUT("/v1/policies/" + policyId,
                    SchedulingIT.policyJson(policyId, "@hourly", null, target))).status());
            node.awaitPolicy(policyId);
            node.tickAt(start);
            String backupId = RunIds.backupId(policyId, target, Instant.parse("2030-03-04T10:00:00Z"));
            script.read(Topics.BACKUP_REQUESTS, BackupRequested.class, r -> r.backupId().equals(backupId),
                    found -> !found.isEmpty(), TIMEOUT);
            node.exchange(HttpRequest.DELETE("/v1/policies/" + policyId));
        }
    }

    private static boolean isDeadLetterOf(ConsumerRecord<byte[], byte[]> record, long sourceOffset) {
        return Topics.BACKUP_POLICIES.equals(header(record, DeadLetterHeaders.SOURCE_TOPIC))
                && Long.toString(sourceOffset).equals(header(record, DeadLetterHeaders.SOURCE_OFFSET));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
