package io.backstream.worker;

import io.backstream.schema.BackupType;
import io.backstream.schema.ChunkRecords;
import io.backstream.schema.CloudEvent;
import io.backstream.schema.Compression;
import io.backstream.schema.EventCodec;
import io.backstream.schema.EventType;
import io.backstream.schema.TargetKind;
import io.backstream.schema.Topics;
import io.backstream.schema.event.BackupRequested;
import io.backstream.schema.event.SnapshotFailed;
import io.backstream.schema.event.SnapshotStarted;
import io.backstream.testkit.Await;
import io.backstream.testkit.BackstreamInfrastructure;
import io.backstream.testkit.KafkaBroker;
import io.backstream.testkit.UniqueNames;
import io.backstream.worker.domain.BackupJournal;
import io.backstream.worker.domain.BackupService;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worker after a crash, on a real broker: what it had accepted is not lost and what it was running is
 * reported failed at once, not after the catalog's progress timeout.
 */
@ExtendWith(BackstreamInfrastructure.class)
class WorkerRestartIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final EventCodec CODEC = new EventCodec();

    private KafkaBroker broker;
    private Path root;
    private String workerId;
    private String slow;
    private String fast;
    private EmbeddedServer server;

    @BeforeEach
    void setUp(KafkaBroker kafka) throws Exception {
        broker = kafka;
        root = Files.createTempDirectory("worker-restart-it");
        Files.createDirectories(root.resolve("data"));
        Files.writeString(root.resolve("data/file"), "small\n");
        Topics.TopicSpec requests = Topics.spec(Topics.BACKUP_REQUESTS);
        broker.createTopic(requests.name(), requests.partitions(), requests.configs());
        workerId = UniqueNames.id("worker");
        slow = UniqueNames.id("slow");
        fast = UniqueNames.id("fast");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aBackupRecordedAsStartedWhenTheWorkerDiedIsReportedFailedAndAbortedWhenItStarts() throws Exception {
        // what a worker killed with -9 in the middle of a backup leaves in its state directory
        String backupId = UniqueNames.id("backup");
        BackupRequested request = request(backupId, fast, Instant.now());
        BackupJournal journal = new BackupJournal(root.resolve("state"));
        journal.accept(request);
        journal.started(request, new SnapshotStarted(backupId, fast, TargetKind.DIRECTORY, workerId, BackupType.FULL,
                null, Compression.ZSTD, "s3", "worker-restart-it", Instant.now()));

        startWorker();

        SnapshotFailed failed = (SnapshotFailed) awaitEvent(backupId, EventType.SNAPSHOT_FAILED).data();
        assertEquals(BackupService.WORKER_RESTARTED, failed.reason());
        assertEquals(workerId, failed.workerId());
        broker.readUntil(Topics.BACKUP_CHUNKS, records -> records.stream().anyMatch(r -> isAbort(r, backupId)),
                TIMEOUT);
        assertTrue(journal.unfinished().isEmpty(), "reported once, then forgotten");
    }

    @Test
    void aRequestAcceptedButNotStartedWhenTheWorkerStoppedRunsOnceAfterTheRestart() throws Exception {
        startWorker();
        String running = UniqueNames.id("backup");
        String waiting = UniqueNames.id("backup");
        publish(request(running, slow, Instant.now()));
        awaitEvent(running, EventType.SNAPSHOT_STARTED);
        // the only slot is taken: this request waits in the queue, its offset committed when the consumer closes
        publish(request(waiting, fast, Instant.now()));
        BackupJournal journal = new BackupJournal(root.resolve("state"));
        awaitAccepted(journal, waiting);
        server.close();
        server = null;

        startWorker();

        awaitEvent(waiting, EventType.SNAPSHOT_COMPLETED);
        List<String> types = events(waiting).stream().map(CloudEvent::type).toList();
        assertEquals(List.of(EventType.SNAPSHOT_STARTED.type(), EventType.SNAPSHOT_COMPLETED.type()), types,
                "the request ran once after the restart");
        SnapshotFailed failed = (SnapshotFailed) awaitEvent(running, EventType.SNAPSHOT_FAILED).data();
        assertTrue(failed.reason() != null && !failed.reason().isBlank(), "the stopped backup is reported failed");
    }

    private void startWorker() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("kafka.bootstrap.servers", broker.bootstrapServers());
        properties.put("backstream.worker.id", workerId);
        properties.put("backstream.worker.max-concurrent-backups", 1);
        properties.put("backstream.worker.spool-dir", root.resolve("spool").toString());
        properties.put("backstream.worker.state-dir", root.resolve("state").toString());
        String t = "backstream.worker.targets.";
        properties.put(t + fast + ".kind", "DIRECTORY");
        properties.put(t + fast + ".path", root.resolve("data").toString());
        properties.put(t + slow + ".kind", "DIRECTORY");
        properties.put(t + slow + ".path", root.resolve("data").toString());
        properties.put(t + slow + ".pre-hook.command", List.of("sleep", "60"));
        properties.put(t + slow + ".pre-hook.timeout", "90s");
        server = ApplicationContext.run(EmbeddedServer.class, properties);
    }

    private static BackupRequested request(String backupId, String targetId, Instant requestedAt) {
        return new BackupRequested(backupId, targetId, BackupType.FULL, null, "s3", null, null, null,
                "worker-restart-it", null, null, requestedAt);
    }

    private void publish(BackupRequested request) throws Exception {
        CloudEvent<BackupRequested> event = CODEC.create("/test/worker-restart-it", request.backupId(), request);
        try (KafkaProducer<byte[], byte[]> producer = broker.newProducer()) {
            producer.send(new ProducerRecord<>(Topics.BACKUP_REQUESTS, bytes(request.targetId()), CODEC.encode(event)))
                    .get();
        }
    }

    private static void awaitAccepted(BackupJournal journal, String backupId) {
        Await.until(TIMEOUT, () -> journal.unfinished().stream().anyMatch(e -> e.request().backupId().equals(backupId)),
                "the worker accepts " + backupId);
    }

    private CloudEvent<?> awaitEvent(String backupId, EventType type) {
        broker.readUntil(Topics.BACKUP_EVENTS, records -> SnapshotWorkerIT.decodeAll(records, backupId).stream()
                .anyMatch(e -> e.type().equals(type.type())), TIMEOUT);
        return events(backupId).stream().filter(e -> e.type().equals(type.type())).findFirst().orElseThrow();
    }

    private List<CloudEvent<?>> events(String backupId) {
        return SnapshotWorkerIT.decodeAll(SnapshotWorkerIT.readAll(broker, Topics.BACKUP_EVENTS), backupId);
    }

    private static boolean isAbort(ConsumerRecord<byte[], byte[]> record, String backupId) {
        return record.key() != null && backupId.equals(new String(record.key(), StandardCharsets.UTF_8))
                && SnapshotWorkerIT.type(record) == ChunkRecords.Type.ABORT;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
