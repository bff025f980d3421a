package io.backstream.worker;

import io.backstream.schema.BackupType;
import io.backstream.schema.ChunkHeaders;
import io.backstream.schema.ChunkIndex;
import io.backstream.schema.ChunkRecords;
import io.backstream.schema.CloudEvent;
import io.backstream.schema.Compression;
import io.backstream.schema.EventCodec;
import io.backstream.schema.EventType;
import io.backstream.schema.TargetKind;
import io.backstream.schema.Topics;
import io.backstream.schema.event.BackupRequested;
import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.event.SnapshotFailed;
import io.backstream.schema.event.SnapshotSkipped;
import io.backstream.schema.event.SnapshotStarted;
import io.backstream.schema.event.TargetAnnounced;
import io.backstream.schema.manifest.BackupManifest.FileEntry;
import io.backstream.testkit.Await;
import io.backstream.testkit.BackstreamInfrastructure;
import io.backstream.testkit.KafkaTestClients;
import io.backstream.testkit.KafkaBroker;
import io.backstream.testkit.Postgres15;
import io.backstream.testkit.TreeFixtures;
import io.backstream.testkit.UniqueNames;
import io.backstream.worker.domain.BackupService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worker on a real broker: requests in, the documented record stream on backup.chunks and events out. */
@ExtendWith(BackstreamInfrastructure.class)
class SnapshotWorkerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final long BIG_FILE = 50L * 1024 * 1024;
    private static final String SUFFIX = UniqueNames.id("t");
    private static final String TREE_ZSTD = "tree-zstd-" + SUFFIX;
    private static final String TREE_GZIP = "tree-gzip-" + SUFFIX;
    private static final String MISSING = "missing-" + SUFFIX;
    private static final String FAILING_HOOK = "failing-hook-" + SUFFIX;
    private static final String SLOW = "slow-" + SUFFIX;
    private static final String PG = "pg-" + SUFFIX;
    private static final String PG_DOWN = "pg-down-" + SUFFIX;

    private static final EventCodec CODEC = new EventCodec();
    private static Path root;
    private static Path tree;
    private static Postgres15 postgres;
    private static KafkaBroker broker;
    private static EmbeddedServer server;
    private static String workerId;

    @BeforeAll
    static void start(KafkaBroker kafka) throws Exception {
        broker = kafka;
        root = Files.createTempDirectory("snapshot-worker-it");
        // the PostgreSQL server runs as the postgres user and must reach its directory inside
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        tree = TreeFixtures.generate(root.resolve("tree"), BIG_FILE);
        Files.createDirectories(root.resolve("slow"));
        Files.writeString(root.resolve("slow/file"), "small\n");
        postgres = Postgres15.start(root.resolve("pg15"));
        createShop(postgres);
        Path passwordFile = root.resolve("pg-password");
        Files.writeString(passwordFile, Postgres15.PASSWORD + "\n");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        // the scheduler owns backup.requests; here the test stands in for it
        Topics.TopicSpec requests = Topics.spec(Topics.BACKUP_REQUESTS);
        broker.createTopic(requests.name(), requests.partitions(), requests.configs());
        workerId = UniqueNames.id("worker");
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("kafka.bootstrap.servers", broker.bootstrapServers());
        properties.put("backstream.worker.id", workerId);
        properties.put("backstream.worker.spool-dir", root.resolve("spool").toString());
        properties.put("backstream.worker.state-dir", root.resolve("state").toString());
        String t = "backstream.worker.targets.";
        properties.put(t + TREE_ZSTD + ".kind", "DIRECTORY");
        properties.put(t + TREE_ZSTD + ".path", tree.toString());
        properties.put(t + TREE_ZSTD + ".chunk-size", 4 * 1024 * 1024);
        properties.put(t + TREE_GZIP + ".kind", "DIRECTORY");
        properties.put(t + TREE_GZIP + ".path", tree.toString());
        properties.put(t + TREE_GZIP + ".compression", "GZIP");
        properties.put(t + TREE_GZIP + ".compression-level", 1);
        properties.put(t + TREE_GZIP + ".chunk-size", 8 * 1024 * 1024);
        properties.put(t + MISSING + ".kind", "DIRECTORY");
        properties.put(t + MISSING + ".path", root.resolve("no-such-dir").toString());
        properties.put(t + FAILING_HOOK + ".kind", "DIRECTORY");
        properties.put(t + FAILING_HOOK + ".path", tree.toString());
        properties.put(t + FAILING_HOOK + ".pre-hook.command",
                List.of("sh", "-c", "echo 'cannot freeze: service not running' >&2; exit 7"));
        properties.put(t + SLOW + ".kind", "DIRECTORY");
        properties.put(t + SLOW + ".path", root.resolve("slow").toString());
        properties.put(t + SLOW + ".pre-hook.command", List.of("sleep", "3"));
        properties.put(t + SLOW + ".pre-hook.timeout", "30s");
        properties.put(t + PG + ".kind", "POSTGRES");
        properties.put(t + PG + ".postgres.port", postgres.port());
        properties.put(t + PG + ".postgres.database", "shop");
        properties.put(t + PG + ".postgres.password-file", passwordFile.toString());
        properties.put(t + PG + ".postgres.bin-dir", Postgres15.BIN.toString());
        properties.put(t + PG_DOWN + ".kind", "POSTGRES");
        properties.put(t + PG_DOWN + ".postgres.port", closedPort);
        properties.put(t + PG_DOWN + ".postgres.database", "shop");
        properties.put(t + PG_DOWN + ".postgres.password", Postgres15.PASSWORD);
        properties.put(t + PG_DOWN + ".postgres.bin-dir", Postgres15.BIN.toString());
        server = ApplicationContext.run(EmbeddedServer.class, properties);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aDirectoryBecomesTheDocumentedChunkStreamThatGnuTarRestores() throws Exception {
        for (String target : List.of(TREE_ZSTD, TREE_GZIP)) {
            boolean zstd = target.equals(TREE_ZSTD);
            String backupId = request(target);
            Backup backup = readBackup(backupId);

            assertEquals(target, backup.started.targetId());
            assertEquals(zstd ? Compression.ZSTD : Compression.GZIP, backup.started.compression());
            assertTrue(backup.chunks.size() >= (zstd ? 12 : 6), "several chunks: " + backup.chunks.size());
            Path archive = root.resolve(backupId + (zstd ? ".tar.zst" : ".tar.gz"));
            try (OutputStream out = Files.newOutputStream(archive)) {
                for (byte[] chunk : backup.chunks) {
                    out.write(chunk);
                }
            }
            SnapshotCompleted end = backup.end;
            assertEquals(Files.size(archive), end.storedBytes());
            assertEquals(TreeFixtures.sha256(archive), end.sha256());
            assertEquals(backup.chunks.size(), end.chunkCount());
            assertEquals(backup.files.size(), end.fileCount());
            assertTrue(end.rawBytes() > BIG_FILE);
            assertTrue(end.warnings().isEmpty(), end.warnings().toString());
            assertTrue(backup.files.stream().anyMatch(f -> f.path().equals("data/random.bin") && f.size() == BIG_FILE));

            Path out = root.resolve(backupId);
            TreeFixtures.extract(archive, zstd, out);
            TreeFixtures.assertSameTree(tree, out);

            assertEquals(workerId, event(backupId, EventType.SNAPSHOT_STARTED, SnapshotStarted.class).workerId());
            assertEquals(end, event(backupId, EventType.SNAPSHOT_COMPLETED, SnapshotCompleted.class),
                    "the event carries what the end record says");
        }
        MeterRegistry metrics = server.getApplicationContext().getBean(MeterRegistry.class);
        assertTrue(metrics.get("backstream.backup.runs").tag("result", "completed").counter().count() >= 2);
    }

    @Test
    void aPostgresTargetArchivesADumpThatPgRestoreLoadsWithTheSameRows() throws Exception {
        String backupId = request(PG);
        Backup backup = readBackup(backupId);
        assertEquals(List.of("globals.sql", "shop.dump"), backup.files.stream().map(FileEntry::path).sorted().toList());
        Path archive = root.resolve(backupId + ".tar.zst");
        try (OutputStream out = Files.newOutputStream(archive)) {
            for (byte[] chunk : backup.chunks) {
                out.write(chunk);
            }
        }
        Path out = root.resolve(backupId);
        TreeFixtures.extract(archive, true, out);
        assertTrue(Files.readString(out.resolve("globals.sql")).contains("CREATE ROLE"), "roles are in globals.sql");

        try (Connection connection = postgres.dataSource("postgres").getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE restored");
        }
        ProcessBuilder restore = new ProcessBuilder(Postgres15.BIN.resolve("pg_restore").toString(), "-h", "127.0.0.1",
                "-p", Integer.toString(postgres.port()), "-U", Postgres15.USER, "-d", "restored", "--no-owner",
                out.resolve("shop.dump").toString()).redirectErrorStream(true);
        restore.environment().put("PGPASSWORD", Postgres15.PASSWORD);
        Process process = restore.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        assertEquals(rows("shop"), rows("restored"));
        assertFalse(Files.list(root.resolve("spool")).findAny().isPresent(), "the spooled dumps are removed");
    }

    @Test
    void failuresEndInSnapshotFailedWithAReasonAPersonCanActOn() throws Exception {
        String missing = request(MISSING);
        String hook = request(FAILING_HOOK);
        String down = request(PG_DOWN);

        assertEquals("target path " + root.resolve("no-such-dir") + " does not exist: create it or fix the target's"
                + " path in the worker configuration", failure(missing).reason());
        assertEquals("pre-hook sh failed with exit code 7; stderr: cannot freeze: service not running",
                failure(hook).reason());
        String reason = failure(down).reason();
        assertTrue(reason.startsWith("database unreachable at 127.0.0.1:"), reason);
        assertTrue(reason.contains("Connection refused"), reason);
        assertFalse(reason.contains(Postgres15.PASSWORD), "the password never reaches an event");
    }

    @Test
    void otherTargetsAreIgnoredRepeatsDroppedAndABusyTargetIsSkipped() throws Exception {
        String notOurs = request("someone-elses-" + SUFFIX);
        String stale = UniqueNames.id("backup");
        publish(stale, SLOW, Instant.now().minus(Duration.ofHours(2)));
        String first = UniqueNames.id("backup");
        publish(first, SLOW);
        publish(first, SLOW);
        String busy = request(SLOW);

        SnapshotSkipped skipped = event(busy, EventType.SNAPSHOT_SKIPPED, SnapshotSkipped.class);
        assertEquals(BackupService.ALREADY_RUNNING, skipped.reason());
        readBackup(first);
        event(first, EventType.SNAPSHOT_COMPLETED, SnapshotCompleted.class);
        assertEquals(List.of(EventType.SNAPSHOT_STARTED.type(), EventType.SNAPSHOT_COMPLETED.type()),
                events(first).stream().map(CloudEvent::type).toList(), "the repeated backup id ran once");
        assertTrue(events(notOurs).isEmpty(), "a target this worker does not own produces nothing");
        assertTrue(events(stale).isEmpty(), "a request older than max-request-age is not replayed");
        assertTrue(chunkRecords(notOurs).isEmpty());
    }

    @Test
    void everyOwnedTargetIsAnnouncedAndAMalformedRequestIsDeadLettered() throws Exception {
        List<ConsumerRecord<byte[], byte[]>> announced = broker.readUntil(Topics.BACKUP_TARGETS,
                records -> announcements(records).size() == 7, TIMEOUT);
        List<TargetAnnounced> ours = announcements(announced);
        assertEquals(7, ours.size());
        TargetAnnounced pg = ours.stream().filter(a -> a.targetId().equals(PG)).findFirst().orElseThrow();
        assertEquals(TargetKind.POSTGRES, pg.kind());
        assertEquals("PostgreSQL database shop on 127.0.0.1:" + postgres.port(), pg.description());

        byte[] malformed = ("{\"specversion\":\"1.0\",\"id\":\"" + SUFFIX + "\"").getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<byte[], byte[]> producer = broker.newProducer()) {
            producer.send(new ProducerRecord<>(Topics.BACKUP_REQUESTS, bytes(TREE_ZSTD), malformed)).get();
        }
        List<ConsumerRecord<byte[], byte[]>> dead = broker.readUntil(Topics.dlq(Topics.BACKUP_REQUESTS),
                records -> records.stream().anyMatch(r -> java.util.Arrays.equals(r.value(), malformed)), TIMEOUT);
        assertTrue(dead.stream().anyMatch(r -> java.util.Arrays.equals(r.value(), malformed)));
    }

    private List<TargetAnnounced> announcements(List<ConsumerRecord<byte[], byte[]>> records) {
        List<TargetAnnounced> ours = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                if (CODEC.decode(record.value()).data() instanceof TargetAnnounced a && a.workerId().equals(workerId)) {
                    ours.add(a);
                }
            } catch (Exception e) {
                throw new AssertionError("bad record on backup.targets", e);
            }
        }
        return ours;
    }

    private static String request(String targetId) throws Exception {
        String backupId = UniqueNames.id("backup");
        publish(backupId, targetId);
        return backupId;
    }

    private static void publish(String backupId, String targetId) throws Exception {
        publish(backupId, targetId, Instant.now());
    }

    private static void publish(String backupId, String targetId, Instant requestedAt) throws Exception {
        CloudEvent<BackupRequested> event = CODEC.create("/test/snapshot-worker-it", backupId, new BackupRequested(
                backupId, targetId, BackupType.FULL, null, "s3", null, null, null, "snapshot-worker-it", null, null,
                requestedAt));
        try (KafkaProducer<byte[], byte[]> producer = broker.newProducer()) {
            producer.send(new ProducerRecord<>(Topics.BACKUP_REQUESTS, bytes(targetId), CODEC.encode(event))).get();
        }
    }

    private record Backup(SnapshotStarted started, List<byte[]> chunks, List<FileEntry> files, SnapshotCompleted end) {
    }

    /** Reads one backup's records and checks their order, headers, index and SHA-256s. */
    private static Backup readBackup(String backupId) throws Exception {
        broker.readUntil(Topics.BACKUP_CHUNKS, records -> records.stream().anyMatch(r -> isEnd(r, backupId)), TIMEOUT);
        List<ConsumerRecord<byte[], byte[]>> records = chunkRecords(backupId);
        assertEquals(ChunkRecords.Type.START, type(records.get(0)));
        SnapshotStarted started = ChunkRecords.decodeStart(records.get(0).value());
        assertEquals(ChunkRecords.Type.END, type(records.get(records.size() - 1)));
        SnapshotCompleted end = ChunkRecords.decodeEnd(records.get(records.size() - 1).value());
        List<byte[]> chunks = new ArrayList<>();
        List<FileEntry> files = new ArrayList<>();
        long offset = 0;
        long rawOffset = 0;
        for (int i = 1; i < records.size() - 1; i += 2) {
            long sequence = chunks.size();
            assertEquals(ChunkRecords.Type.INDEX, type(records.get(i)), "an index record precedes chunk " + sequence);
            ChunkIndex index = ChunkIndex.decode(records.get(i).value());
            assertEquals(ChunkRecords.Type.DATA, type(records.get(i + 1)));
            ChunkHeaders headers = ChunkHeaders.fromHeaders(headerMap(records.get(i + 1)));
            headers.verify(ByteBuffer.wrap(records.get(i + 1).value()));
            assertEquals(sequence, headers.sequence());
            assertEquals(sequence, index.chunkSequence());
            assertEquals(offset, headers.offset());
            assertEquals(rawOffset, index.rawOffset());
            assertEquals(i + 2 == records.size() - 1, headers.last());
            chunks.add(records.get(i + 1).value());
            files.addAll(index.files());
            offset += headers.size();
            rawOffset += index.rawSize();
        }
        assertEquals(rawOffset, end.rawBytes());
        return new Backup(started, chunks, files, end);
    }

    private static List<ConsumerRecord<byte[], byte[]>> chunkRecords(String backupId) {
        return readAll(broker, Topics.BACKUP_CHUNKS).stream()
                .filter(r -> Objects.equals(new String(r.key(), StandardCharsets.UTF_8), backupId)).toList();
    }

    /** Every record the topic holds right now (up to the end offsets read at the start). */
    static List<ConsumerRecord<byte[], byte[]>> readAll(KafkaBroker broker, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaTestClients.consumer(broker.bootstrapServers())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            Await.until(TIMEOUT, () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            }, "read " + topic + " to its end offsets");
            return records;
        }
    }

    private static boolean isEnd(ConsumerRecord<byte[], byte[]> record, String backupId) {
        return backupId.equals(new String(record.key(), StandardCharsets.UTF_8))
                && type(record) == ChunkRecords.Type.END;
    }

    static ChunkRecords.Type type(ConsumerRecord<byte[], byte[]> record) {
        try {
            return ChunkRecords.type(headerMap(record));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, byte[]> headerMap(ConsumerRecord<byte[], byte[]> record) {
        Map<String, byte[]> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value());
        }
        return headers;
    }

    private static SnapshotFailed failure(String backupId) throws Exception {
        return event(backupId, EventType.SNAPSHOT_FAILED, SnapshotFailed.class);
    }

    private static <T> T event(String backupId, EventType type, Class<T> dataClass) throws Exception {
        broker.readUntil(Topics.BACKUP_EVENTS, records -> decodeAll(records, backupId).stream()
                .anyMatch(e -> e.type().equals(type.type())), TIMEOUT);
        return dataClass.cast(events(backupId).stream().filter(e -> e.type().equals(type.type())).findFirst()
                .orElseThrow().data());
    }

    private static List<CloudEvent<?>> events(String backupId) {
        return decodeAll(readAll(broker, Topics.BACKUP_EVENTS), backupId);
    }

    /** The events about {@code backupId} among {@code records} of backup.events. */
    static List<CloudEvent<?>> decodeAll(List<ConsumerRecord<byte[], byte[]>> records, String backupId) {
        List<CloudEvent<?>> events = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (record.key() != null && backupId.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                try {
                    events.add(CODEC.decode(record.value()));
                } catch (Exception e) {
                    throw new AssertionError("bad event on backup.events", e);
                }
            }
        }
        return events;
    }

    private static void createShop(Postgres15 server) throws Exception {
        try (Connection connection = server.dataSource("postgres").getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE shop");
        }
        try (Connection connection = server.dataSource("shop").getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL)");
            statement.execute("CREATE TABLE orders (id int PRIMARY KEY, customer int REFERENCES customers,"
                    + " total numeric(10,2), note text)");
            statement.execute("INSERT INTO customers VALUES (1, 'Ada'), (2, 'Grace'), (3, 'Zoë')");
            statement.execute("INSERT INTO orders SELECT g, 1 + g % 3, g * 1.25, 'order ' || g"
                    + " FROM generate_series(1, 500) g");
        }
    }

    private static List<String> rows(String database) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = postgres.dataSource(database).getConnection();
             Statement statement = connection.createStatement()) {
            for (String query : List.of("SELECT id, name FROM customers ORDER BY id",
                    "SELECT id, customer, total, note FROM orders ORDER BY id")) {
                try (ResultSet result = statement.executeQuery(query)) {
                    int columns = result.getMetaData().getColumnCount();
                    while (result.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int c = 1; c <= columns; c++) {
                            row.append(result.getString(c)).append('|');
                        }
                        rows.add(row.toString());
                    }
                }
            }
        }
        assertEquals(503, rows.size());
        return rows;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
