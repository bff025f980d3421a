package io.backstream.scheduler;

import io.backstream.scheduler.domain.LedgerStatus;
import io.backstream.scheduler.domain.RunIds;
import io.backstream.schema.BackupType;
import io.backstream.schema.Topics;
import io.backstream.schema.event.BackupRequested;
import io.backstream.schema.event.SnapshotSkipped;
import io.backstream.testkit.BackstreamInfrastructure;
import io.backstream.testkit.KafkaBroker;
import io.backstream.testkit.UniqueNames;
import io.micronaut.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static io.backstream.scheduler.SchedulerNode.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cron firing on the real broker: replicas agree on ids, and a running backup makes the next run skip. */
@ExtendWith(BackstreamInfrastructure.class)
class SchedulingIT {

    @Test
    void twoReplicasOnTheSamePoliciesRequestOneBackupIdPerSlot(KafkaBroker broker) {
        String policyId = UniqueNames.id("two-replicas");
        String target = UniqueNames.id("db");
        Instant start = Instant.parse("2030-01-07T10:00:30Z");
        List<Instant> ticks = List.of(start, Instant.parse("2030-01-07T10:15:30Z"),
                Instant.parse("2030-01-07T10:30:30Z"));
        List<Instant> slots = List.of(Instant.parse("2030-01-07T10:00:00Z"), Instant.parse("2030-01-07T10:15:00Z"),
                Instant.parse("2030-01-07T10:30:00Z"));
        try (EventScript script = new EventScript(broker);
             SchedulerNode a = SchedulerNode.start(broker, start, Map.of());
             SchedulerNode b = SchedulerNode.start(broker, start, Map.of())) {
            script.announce(target, start);
            a.awaitTarget(target);
            assertEquals(200, a.exchange(HttpRequest.PUT("/v1/policies/" + policyId,
                    policyJson(policyId, "*/15 * * * *", "Europe/Berlin", target))).status());
            b.awaitPolicy(policyId);

            for (int i = 0; i < ticks.size(); i++) {
                Instant now = ticks.get(i);
                CompletableFuture.allOf(CompletableFuture.runAsync(() -> a.tickAt(now)),
                        CompletableFuture.runAsync(() -> b.tickAt(now))).join();
                String backupId = RunIds.backupId(policyId, target, slots.get(i));
                script.read(Topics.BACKUP_REQUESTS, BackupRequested.class, r -> r.backupId().equals(backupId),
                        found -> !found.isEmpty(), TIMEOUT);
                // the worker and uploader finish the backup, so the next slot is not skipped
                script.started(backupId, target, policyId, now.plusSeconds(1));
                script.snapshotCompleted(backupId, target, policyId, now.plusSeconds(2));
                script.uploadCompleted(backupId, target, now.plusSeconds(3));
                a.awaitStatus(backupId, LedgerStatus.COMPLETED);
                b.awaitStatus(backupId, LedgerStatus.COMPLETED);
            }

            List<BackupRequested> requests = script.read(Topics.BACKUP_REQUESTS, BackupRequested.class,
                    r -> policyId.equals(r.policyId()), found -> found.size() >= slots.size(), TIMEOUT);
            Set<String> expected = slots.stream().map(slot -> RunIds.backupId(policyId, target, slot))
                    .collect(Collectors.toSet());
            assertEquals(expected, requests.stream().map(BackupRequested::backupId).collect(Collectors.toSet()));
            for (BackupRequested request : requests) {
                assertEquals(target, request.targetId());
                assertEquals(BackupType.FULL, request.type());
                assertEquals(request.backupId(), RunIds.backupId(policyId, target, request.scheduledAt()));
            }
            a.exchange(HttpRequest.DELETE("/v1/policies/" + policyId));
        }
    }

    @Test
    void aRunIsSkippedWhileThePreviousBackupIsRunningAndFiresAgainOnceItCompleted(KafkaBroker broker) {
        String policyId = UniqueNames.id("skip");
        String target = UniqueNames.id("db");
        Instant t10 = Instant.parse("2030-02-04T10:00:10Z");
        try (EventScript script = new EventScript(broker);
             SchedulerNode node = SchedulerNode.start(broker, t10, Map.of())) {
            script.announce(target, t10);
            node.awaitTarget(target);
            assertEquals(200, node.exchange(HttpRequest.PUT("/v1/policies/" + policyId,
                    policyJson(policyId, "@hourly", null, target))).status());

            node.tickAt(t10);
            String first = RunIds.backupId(policyId, target, Instant.parse("2030-02-04T10:00:00Z"));
            script.read(Topics.BACKUP_REQUESTS, BackupRequested.class, r -> r.backupId().equals(first),
                    found -> !found.isEmpty(), TIMEOUT);
            script.started(first, target, policyId, t10.plusSeconds(1));
            node.awaitStatus(first, LedgerStatus.SNAPSHOTTING);

            node.tickAt(Instant.parse("2030-02-04T11:00:10Z"));
            // SnapshotCompleted is not terminal: the upload is still running
            script.snapshotCompleted(first, target, policyId, Instant.parse("2030-02-04T11:30:00Z"));
            node.awaitStatus(first, LedgerStatus.UPLOADING);
            node.tickAt(Instant.parse("2030-02-04T12:00:10Z"));

            List<SnapshotSkipped> skipped = script.read(Topics.BACKUP_EVENTS, SnapshotSkipped.class,
                    s -> policyId.equals(s.policyId()), found -> found.size() >= 2, TIMEOUT);
            assertEquals(Set.of(RunIds.backupId(policyId, target, Instant.parse("2030-02-04T11:00:00Z")),
                    RunIds.backupId(policyId, target, Instant.parse("2030-02-04T12:00:00Z"))),
                    skipped.stream().map(SnapshotSkipped::backupId).collect(Collectors.toSet()));
            assertEquals(2, skipped.size());
            skipped.forEach(s -> assertEquals("previous-running", s.reason()));
            skipped.forEach(s -> assertEquals(target, s.targetId()));

            script.uploadCompleted(first, target, Instant.parse("2030-02-04T12:10:00Z"));
            node.awaitStatus(first, LedgerStatus.COMPLETED);
            node.tickAt(Instant.parse("2030-02-04T13:00:10Z"));
            String next = RunIds.backupId(policyId, target, Instant.parse("2030-02-04T13:00:00Z"));
            List<BackupRequested> requests = script.read(Topics.BACKUP_REQUESTS, BackupRequested.class,
                    r -> policyId.equals(r.policyId()), found -> found.size() >= 2, TIMEOUT);
            assertEquals(List.of(first, next), requests.stream().map(BackupRequested::backupId).toList());

            String metrics = node.client.retrieve("/prometheus");
            assertTrue(metricLine(metrics, "backstream_backup_skipped_total", policyId).endsWith(" 2.0"), metrics);
            assertTrue(metricLine(metrics, "backstream_backup_requests_total", policyId).contains("trigger=\"schedule\""),
                    metrics);
            assertTrue(metricLine(metrics, "backstream_backup_requests_total", policyId).endsWith(" 2.0"), metrics);
            node.exchange(HttpRequest.DELETE("/v1/policies/" + policyId));
        }
    }

    static String policyJson(String id, String schedule, String zone, String... targets) {
        String targetList = Arrays.stream(targets).map(t -> "\"" + t + "\"")
                .collect(Collectors.joining(","));
        return "{\"id\":\"" + id + "\",\"targets\":[" + targetList + "],\"schedule\":\"" + schedule + "\","
                + (zone == null ? "" : "\"timeZone\":\"" + zone + "\",")
                + "\"storage\":\"s3\",\"retention\":{\"keepLast\":7,\"maxAge\":\"P30D\"},\"enabled\":true}";
    }

    private static String metricLine(String metrics, String name, String policyId) {
        return metrics.lines()
                .filter(line -> line.startsWith(name + "{") && line.contains("policy=\"" + policyId + "\""))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " for " + policyId + " missing in\n" + metrics));
    }
}
