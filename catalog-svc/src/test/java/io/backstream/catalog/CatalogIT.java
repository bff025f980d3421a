package io.backstream.catalog;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.backstream.catalog.domain.Backup;
import io.backstream.catalog.domain.BackupStatus;
import io.backstream.catalog.domain.SnapshotResult;
import io.backstream.catalog.domain.UploadResult;
import io.backstream.catalog.messaging.CatalogListener;
import io.backstream.catalog.persistence.BackupStore;
import io.backstream.catalog.persistence.CatalogProjection;
import io.backstream.catalog.persistence.ProcessedEventStore;
import io.backstream.schema.BackupType;
import io.backstream.schema.CloudEvent;
import io.backstream.schema.Compression;
import io.backstream.schema.EventCodec;
import io.backstream.schema.EventType;
import io.backstream.schema.TargetKind;
import io.backstream.schema.Topics;
import io.backstream.schema.event.BackupRequested;
import io.backstream.schema.event.DeleteRequested;
import io.backstream.schema.event.RestoreCompleted;
import io.backstream.schema.event.RestoreDestination;
import io.backstream.schema.event.RestoreStarted;
import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.event.SnapshotFailed;
import io.backstream.schema.event.SnapshotStarted;
import io.backstream.schema.event.TargetAnnounced;
import io.backstream.schema.event.UploadCompleted;
import io.backstream.support.messaging.ProcessedEvent;
import io.backstream.support.messaging.ProcessedEventIds;
import io.backstream.support.messaging.Redelivery;
import io.backstream.support.security.Roles;
import io.backstream.support.security.TestApiAccess;
import io.backstream.testkit.Await;
import io.backstream.testkit.KafkaBroker;
import io.backstream.testkit.ManualClock;
import io.backstream.testkit.Postgres;
import io.backstream.testkit.TestTokens;
import io.backstream.testkit.UniqueNames;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.uri.UriBuilder;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catalog on the real broker and a real PostgreSQL: projection, stuck backups, query API. */
class CatalogIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String SHA = "c".repeat(64);

    private static KafkaBroker broker;
    private static EmbeddedServer server;
    private static HttpClient http;
    private static BlockingHttpClient client;
    private static KafkaProducer<byte[], byte[]> producer;
    private static ManualClock clock;
    private static BackupStore backups;
    private static ProcessedEventStore processedEvents;
    private static final EventCodec CODEC = new EventCodec();
    private static final String TENANT = UniqueNames.id("tenant");
    private static final TestTokens.Token TENANT_ADMIN = TestTokens.generate("admin-of-tenant", Roles.ADMIN,
            TENANT + "-*");
    private static final TestTokens.Token VIEWER = TestTokens.generate("viewer", Roles.VIEWER);
    private static Map<String, Object> database;

    @BeforeAll
    static void start() {
        broker = KafkaBroker.shared();
        // the producers of these topics create them in production; here the test is their producer
        for (String topic : List.of(Topics.BACKUP_EVENTS, Topics.BACKUP_REQUESTS, Topics.BACKUP_DELETIONS,
                Topics.RESTORE_EVENTS, Topics.BACKUP_TARGETS)) {
            Topics.TopicSpec spec = Topics.spec(topic);
            broker.createTopic(topic, spec.partitions(), spec.configs());
        }
        Postgres postgres = Postgres.shared();
        String name = postgres.createUniqueDatabase("catalog");
        database = Map.of(
                "datasources.default.url", postgres.jdbcUrl(name),
                "datasources.default.username", postgres.username(),
                "datasources.default.password", postgres.password(),
                "datasources.default.driver-class-name", "org.postgresql.Driver",
                "datasources.default.dialect", "POSTGRES");
        Map<String, Object> properties = new java.util.HashMap<>(database);
        properties.putAll(Map.of(
                "micronaut.server.port", -1,
                "kafka.bootstrap.servers", broker.bootstrapServers(),
                "backstream.catalog.sweep-interval", "500ms",
                "backstream.topics.retry-interval", "1s",
                "backstream.catalog.event-retries", 1,
                "backstream.catalog.event-retry-delay", "100ms",
                "catalog-it.manual-clock", "true"));
        properties.putAll(TestApiAccess.properties(TENANT_ADMIN, VIEWER));
        server = ApplicationContext.run(EmbeddedServer.class, properties);
        http = HttpClient.create(server.getURL());
        client = TestApiAccess.authorized(http.toBlocking());
        producer = broker.newProducer();
        clock = server.getApplicationContext().getBean(ManualClock.class);
        backups = server.getApplicationContext().getBean(BackupStore.class);
        processedEvents = server.getApplicationContext().getBean(ProcessedEventStore.class);
    }

    @AfterAll
    static void stop() {
        producer.close();
        http.close();
        server.close();
    }

    @Test
    void scriptedEventsWithDuplicatesReorderingAndAMismatchEndInTheRightStates() throws Exception {
        String target = UniqueNames.id("db");
        Instant t0 = clock.instant();
        String happy = UniqueNames.id("happy");
        String reordered = UniqueNames.id("reordered");
        String mismatch = UniqueNames.id("mismatch");
        String restore = UniqueNames.id("restore");

        publish(CODEC.create("/it", target, new TargetAnnounced(target, "worker-7", TargetKind.POSTGRES, "main db", t0)));
        CloudEvent<?> happyRequested = CODEC.create("/it", happy, requested(happy, target, t0));
        publish(happyRequested);
        publish(happyRequested);
        publish(CODEC.create("/it", happy, started(happy, target, t0.plusSeconds(1))));
        CloudEvent<?> happySnapshot = CODEC.create("/it", happy, snapshot(happy, target, 4096, 2, SHA, t0));
        publish(happySnapshot);
        publish(CODEC.create("/it", happy, upload(happy, target, 4096, 2, SHA, t0.plusSeconds(20))));
        publish(happySnapshot);
        // the uploader's report overtakes the worker's, and a stale start arrives last
        publish(CODEC.create("/it", reordered, upload(reordered, target, 100, 1, SHA, t0.plusSeconds(20))));
        publish(CODEC.create("/it", reordered, snapshot(reordered, target, 100, 1, SHA, t0)));
        publish(CODEC.create("/it", reordered, started(reordered, target, t0.plusSeconds(1))));
        publish(CODEC.create("/it", mismatch, started(mismatch, target, t0.plusSeconds(2))));
        publish(CODEC.create("/it", mismatch, snapshot(mismatch, target, 4096, 2, SHA, t0)));
        publish(CODEC.create("/it", mismatch, upload(mismatch, target, 4096, 2, "d".repeat(64), t0.plusSeconds(20))));
        publish(CODEC.create("/it", restore, new RestoreStarted(restore, List.of(happy), null, 4096, t0.plusSeconds(30))));
        publish(CODEC.create("/it", restore, new RestoreCompleted(restore, List.of(happy), 4096, 12, 900,
                t0.plusSeconds(31))));

        Map<String, Object> happyView = awaitStatus(happy, "COMPLETED");
        Map<String, Object> reorderedView = awaitStatus(reordered, "COMPLETED");
        Map<String, Object> mismatchView = awaitStatus(mismatch, "FAILED");
        assertEquals("checksum-mismatch", mismatchView.get("failureReason"));
        assertEquals("nightly", happyView.get("policyId"));
        assertEquals("worker-7", reorderedView.get("workerId"));
        Map<?, ?> sizes = (Map<?, ?>) happyView.get("sizes");
        assertEquals(4096, ((Number) sizes.get("uploadedBytes")).intValue());
        Map<?, ?> location = (Map<?, ?>) happyView.get("location");
        assertEquals("backstream", location.get("bucket"));
        assertEquals("p/" + happy + ".tar.zst", location.get("key"));
        assertEquals(2, ((Number) ((Map<?, ?>) happyView.get("manifest")).get("chunkCount")).intValue());
        assertEquals(List.of(), ((Map<?, ?>) happyView.get("chain")).get("childIds"), "an empty chain is listed");

        Map<String, Object> restoreView = Await.untilPresent(TIMEOUT, () -> get("/v1/restores/" + restore)
                .filter(r -> "COMPLETED".equals(r.get("status"))), "restore completed");
        assertEquals(List.of(happy), restoreView.get("backupIds"));

        Map<String, Object> targetView = get("/v1/targets/" + target).orElseThrow();
        assertEquals("worker-7", targetView.get("workerId"));
        assertEquals("POSTGRES", targetView.get("kind"));
        assertNotNull(targetView.get("lastSuccess"));

        Map<String, Object> point = get("/v1/targets/" + target + "/restore-point?at="
                + t0.plusSeconds(3600)).orElseThrow();
        List<?> chain = (List<?>) point.get("backups");
        assertEquals(1, chain.size(), "one full backup, no incrementals: " + chain);

        MeterRegistry meters = server.getApplicationContext().getBean(MeterRegistry.class);
        assertEquals(2.0, meters.get("backstream.backup.runs").tag("target", target).tag("result", "completed")
                .counter().count(), "duplicates are counted once");
        assertEquals(1.0, meters.get("backstream.backup.runs").tag("target", target).tag("result", "failed")
                .counter().count());
        String prometheus = client.retrieve("/prometheus");
        assertTrue(prometheus.contains("backstream_backup_last_success_timestamp_seconds{target=\"" + target + "\"}"),
                "last-success gauge exported");
        assertTrue(prometheus.contains("backstream_backup_bytes_total"), "bytes counter exported");
    }

    @Test
    void processedEventIdsSurviveARestartSoARedeliveryChangesNothing() throws Exception {
        String target = UniqueNames.id("durable");
        String id = UniqueNames.id("durable");
        Instant t0 = clock.instant();
        publish(CODEC.create("/it", id, started(id, target, t0)));
        publish(CODEC.create("/it", id, snapshot(id, target, 10, 1, SHA, t0)));
        CloudEvent<?> upload = CODEC.create("/it", id, upload(id, target, 10, 1, SHA, t0.plusSeconds(20)));
        publish(upload);
        awaitStatus(id, "COMPLETED");

        ProcessedEvent ancient = new ProcessedEvent("backstream.test.v1", "ancient-" + id, SHA);
        processedEvents.markProcessed(CatalogListener.CONSUMER, ancient, clock.instant().minus(Duration.ofDays(40)));
        Await.until(TIMEOUT, () -> processedEvents.seen(CatalogListener.CONSUMER, ancient) == ProcessedEventIds.Seen.NEW,
                "ids older than the topics' retention are forgotten by the sweeper");
        assertEquals(ProcessedEventIds.Seen.DUPLICATE,
                processedEvents.seen(CatalogListener.CONSUMER, ProcessedEvent.of(upload)), "recent ids are kept");

        // a second catalog process on the same database, as after a restart
        Map<String, Object> restarted = new java.util.HashMap<>(database);
        restarted.putAll(Map.of("backstream.topics.enabled", false, "kafka.enabled", false));
        try (ApplicationContext context = ApplicationContext.run(restarted)) {
            ProcessedEventIds processed = context.getBean(ProcessedEventIds.class);
            assertEquals(ProcessedEventIds.Seen.DUPLICATE, processed.seen(CatalogListener.CONSUMER,
                    ProcessedEvent.of(upload)), "the event id was stored");
            assertTrue(context.getBean(CatalogProjection.class).apply(CatalogListener.CONSUMER, upload).isEmpty(),
                    "a redelivered event is not applied again");
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertTrue(meters.find("backstream.backup.runs").tag("target", target).counters().isEmpty(),
                    "a redelivery after a restart is not counted as a run");
            assertTrue(meters.get("backstream.backup.last.success.timestamp").tag("target", target).gauge().value()
                    >= t0.getEpochSecond(), "the last-success gauge is restored from the catalog at start-up");
        }
    }

    @Test
    void stuckBackupsAreClosedWithSnapshotFailedEvents() throws Exception {
        String target = UniqueNames.id("stuck");
        Instant t0 = clock.instant();
        String unclaimed = UniqueNames.id("unclaimed");
        String silent = UniqueNames.id("silent");
        // a row with no target, as earlier versions created for a forged event about an unknown id: it cannot be
        // closed, and it comes first, so it must not keep the others open
        String phantom = UniqueNames.id("phantom");
        Instant earlier = t0.minusSeconds(60);
        backups.saveBackup(new Backup(phantom, null, null, null, null, null, null, null, null, null,
                BackupStatus.REQUESTED, null, earlier, earlier, null, null, earlier, null, null, null, null), true);
        publish(CODEC.create("/it", unclaimed, requested(unclaimed, target, t0)));
        publish(CODEC.create("/it", silent, requested(silent, target, t0)));
        publish(CODEC.create("/it", silent, started(silent, target, t0)));
        awaitStatus(unclaimed, "REQUESTED");
        awaitStatus(silent, "SNAPSHOTTING");

        clock.advance(Duration.ofMinutes(3));
        assertEquals("no-worker-claimed-target", awaitStatus(unclaimed, "FAILED").get("failureReason"));
        assertEquals("SNAPSHOTTING", get("/v1/backups/" + silent).orElseThrow().get("status"),
                "a running backup is not closed by the claim timeout");

        clock.advance(Duration.ofMinutes(30));
        assertEquals("timeout", awaitStatus(silent, "FAILED").get("failureReason"));

        List<ConsumerRecord<byte[], byte[]>> failures = broker.readUntil(Topics.BACKUP_EVENTS,
                records -> failedReasons(records, target).size() >= 2, TIMEOUT);
        Map<String, String> reasons = failedReasons(failures, target);
        assertEquals(Map.of(unclaimed, "no-worker-claimed-target", silent, "timeout"), reasons);
        for (ConsumerRecord<byte[], byte[]> record : failures) {
            CloudEvent<?> event = CODEC.decode(record.value());
            if (event.data() instanceof SnapshotFailed failed && target.equals(failed.targetId())) {
                assertNull(failed.workerId());
                assertEquals(failed.backupId(), new String(record.key(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void filtersAndPagesStayStableWhileRowsAreInserted() throws Exception {
        String target = UniqueNames.id("paged");
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        Set<String> initial = new HashSet<>();
        for (int i = 0; i < 120; i++) {
            String id = target + "-" + i;
            // pairs of rows share a createdAt so the id tie-breaker is exercised
            backups.saveBackup(completed(id, target, i % 3 == 0 ? BackupType.FULL : BackupType.INCREMENTAL,
                    i % 7 == 0 ? BackupStatus.FAILED : BackupStatus.COMPLETED, base.plusSeconds(i / 2 * 60L)), true);
            initial.add(id);
        }
        AtomicBoolean paging = new AtomicBoolean(true);
        CompletableFuture<Integer> inserter = CompletableFuture.supplyAsync(() -> {
            int n = 0;
            while (paging.get() || n < 20) {
                backups.saveBackup(completed(target + "-late-" + n, target, BackupType.FULL, BackupStatus.COMPLETED,
                        base.plusSeconds((n * 37L) % 3600)), true);
                n++;
            }
            return n;
        });
        for (boolean descending : new boolean[] {true, false}) {
            List<String> seen = new ArrayList<>();
            String cursor = null;
            do {
                String uri = "/v1/backups?target=" + target + "&limit=25&sort=createdAt:" + (descending ? "desc" : "asc")
                        + (cursor == null ? "" : "&cursor=" + cursor);
                Map<String, Object> page = get(uri).orElseThrow();
                for (Object item : (List<?>) page.get("items")) {
                    seen.add((String) ((Map<?, ?>) item).get("id"));
                }
                cursor = (String) page.get("nextCursor");
            } while (cursor != null);
            assertEquals(new HashSet<>(seen).size(), seen.size(), "no row is seen twice");
            assertTrue(seen.containsAll(initial), "every row that existed at the start is seen");
        }
        paging.set(false);
        assertTrue(inserter.get() >= 20);

        Map<String, Object> failed = get("/v1/backups?target=" + target + "&status=failed&type=FULL&limit=500")
                .orElseThrow();
        List<?> failedItems = (List<?>) failed.get("items");
        assertEquals(6, failedItems.size(), "ids divisible by 21 (0, 21 ... 105) are FAILED FULL backups");
        Map<String, Object> window = get("/v1/backups?target=" + target + "&from=2026-01-01T00:10:00Z"
                + "&to=2026-01-01T00:20:00Z&limit=500").orElseThrow();
        List<?> windowItems = (List<?>) window.get("items");
        assertTrue(windowItems.stream().map(item -> Instant.parse((String) ((Map<?, ?>) item).get("createdAt")))
                .allMatch(t -> !t.isBefore(Instant.parse("2026-01-01T00:10:00Z"))
                        && t.isBefore(Instant.parse("2026-01-01T00:20:00Z"))), windowItems.toString());
        assertTrue(windowItems.size() >= 20, "the initial rows in the window: " + windowItems.size());

        Map<String, Object> stats = get("/v1/stats?window=P3650D").orElseThrow();
        Map<?, ?> ours = ((List<?>) stats.get("targets")).stream().map(item -> (Map<?, ?>) item)
                .filter(item -> target.equals(item.get("targetId"))).findFirst().orElseThrow();
        int late = inserter.get();
        assertEquals(120 + late, ((Number) ours.get("runs")).intValue());
        assertEquals(18, ((Number) ours.get("failed")).intValue(), "ids divisible by 7 failed");
        assertEquals(102 + late, ((Number) ours.get("completed")).intValue());
        assertEquals((102.0 + late) / (120 + late), ((Number) ours.get("successRate")).doubleValue(), 1e-9);
        assertEquals(1000L * (102 + late), ((Number) ours.get("bytes")).longValue());
    }

    /**
     * While the database refuses the projection, the listener's retries run out again and again; the
     * event is never skipped, so the backup appears once the database works again.
     */
    @Test
    void anEventTheDatabaseRefusesOnEveryRetryIsProjectedOnceItRecovers() throws Exception {
        String target = UniqueNames.id("refused");
        String id = UniqueNames.id("refused");
        AtomicInteger exhausted = new AtomicInteger();
        ch.qos.logback.classic.Logger redelivery = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Redelivery.class);
        AppenderBase<ILoggingEvent> counter = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                if (event.getLevel() == Level.ERROR) {
                    exhausted.incrementAndGet();
                }
            }
        };
        counter.start();
        redelivery.addAppender(counter);
        try (Connection sql = DriverManager.getConnection((String) database.get("datasources.default.url"),
                (String) database.get("datasources.default.username"), (String) database.get("datasources.default.password"));
             Statement statement = sql.createStatement()) {
            statement.execute("ALTER TABLE backups RENAME TO backups_away");
            try {
                publish(CODEC.create("/it", id, requested(id, target, clock.instant())));
                Await.until(TIMEOUT, () -> exhausted.get() >= 2, "the retries ran out twice");
            } finally {
                statement.execute("ALTER TABLE backups_away RENAME TO backups");
            }
            awaitStatus(id, "REQUESTED");
        } finally {
            redelivery.detachAppender(counter);
        }
    }

    @Test
    void anEmptyPageListsNoItemsAndNoCursor() {
        Map<String, Object> page = get("/v1/backups?target=" + UniqueNames.id("nothing")).orElseThrow();
        assertEquals(List.of(), page.get("items"));
        assertNull(page.get("nextCursor"));
    }

    @Test
    void badParametersAndUnknownIdsAreProblems() {
        assertProblem("/v1/backups?limit=501", 400, "limit");
        assertProblem("/v1/backups?limit=abc", 400, "limit");
        assertProblem("/v1/backups?status=BOGUS", 400, "status");
        assertProblem("/v1/backups?type=DIFF", 400, "type");
        assertProblem("/v1/backups?from=yesterday", 400, "from");
        assertProblem("/v1/backups?cursor=not-a-cursor", 400, "cursor");
        assertProblem("/v1/backups?sort=size", 400, "sort");
        assertProblem("/v1/targets/db-main/restore-point?at=noon", 400, "at");
        assertProblem("/v1/stats?window=forever", 400, "window");
        assertProblem("/v1/backups/" + UniqueNames.id("nope"), 404, null);
        assertProblem("/v1/targets/" + UniqueNames.id("nope"), 404, null);
        assertProblem("/v1/restores/" + UniqueNames.id("nope"), 404, null);
        Map<String, Object> none = assertProblem("/v1/targets/" + UniqueNames.id("empty")
                + "/restore-point?at=2026-01-01T00:00:00Z", 404, null);
        assertTrue(((String) none.get("detail")).contains("no COMPLETED FULL backup"), none.toString());
    }

    /**
     * A tenant's token sees its own targets, backups and restores only; another tenant's backup reads exactly like
     * one that does not exist, and a delete of it changes nothing. The delete it may do names it as requestedBy.
     */
    @Test
    void aTenantSeesOnlyItsTargetsAndAnotherTenantsBackupIsUnknownToIt() throws Exception {
        String mine = TENANT + "-db";
        String theirs = UniqueNames.id("other-tenant-db");
        Instant at = clock.instant();
        publish(CODEC.create("/it", mine, new TargetAnnounced(mine, "worker-1", TargetKind.DIRECTORY, "mine", at)));
        publish(CODEC.create("/it", theirs, new TargetAnnounced(theirs, "worker-2", TargetKind.DIRECTORY, "theirs",
                at)));
        String myBackup = UniqueNames.id("mine");
        String theirBackup = UniqueNames.id("theirs");
        backups.saveBackup(completed(myBackup, mine, BackupType.FULL, BackupStatus.COMPLETED, at), true);
        backups.saveBackup(completed(theirBackup, theirs, BackupType.FULL, BackupStatus.COMPLETED, at), true);
        String theirRestore = UniqueNames.id("restore");
        publish(CODEC.create("/it", theirRestore, new RestoreStarted(theirRestore, List.of(theirBackup),
                new RestoreDestination(RestoreDestination.Kind.DIRECTORY, "/restore/theirs", null), 1000, at)));
        Await.until(TIMEOUT, () -> get("/v1/targets/" + theirs).isPresent() && get("/v1/targets/" + mine).isPresent()
                && get("/v1/restores/" + theirRestore).filter(r -> theirs.equals(r.get("targetId"))).isPresent(),
                "the catalog knows both targets and the restore");

        assertEquals(List.of(mine), tenantGet("/v1/targets", "items").stream().map(t -> t.get("id")).toList());
        assertEquals(List.of(myBackup), tenantGet("/v1/backups?limit=500", "items").stream()
                .map(b -> b.get("id")).filter(id -> id.equals(myBackup) || id.equals(theirBackup)).toList());
        assertEquals(List.of(), tenantGet("/v1/backups?target=" + theirs, "items"));
        assertTrue(tenantGet("/v1/stats", "targets").stream().allMatch(t -> mine.equals(t.get("targetId"))));
        assertTrue(tenantGet("/v1/restores", "items").stream().noneMatch(r -> theirRestore.equals(r.get("id"))));

        for (String[] unknown : new String[][]{
                {"/v1/backups/" + theirBackup, "/v1/backups/no-such-backup"},
                {"/v1/targets/" + theirs, "/v1/targets/no-such-target"},
                {"/v1/restores/" + theirRestore, "/v1/restores/no-such-restore"},
                {"/v1/targets/" + theirs + "/restore-point?at=" + at.plusSeconds(60),
                        "/v1/targets/no-such-target/restore-point?at=" + at.plusSeconds(60)}}) {
            HttpClientResponseException other = tenantRefused(HttpRequest.GET(unknown[0]));
            HttpClientResponseException missing = tenantRefused(HttpRequest.GET(unknown[1]));
            assertEquals(404, other.code(), unknown[0]);
            String expected = missing.getResponse().getBody(String.class).orElseThrow()
                    .replace(unknown[1].replaceAll(".*/(no-such-[a-z]+).*", "$1"),
                            unknown[0].equals("/v1/backups/" + theirBackup) ? theirBackup
                                    : unknown[0].startsWith("/v1/restores/") ? theirRestore : theirs);
            assertEquals(expected, other.getResponse().getBody(String.class).orElseThrow(),
                    unknown[0] + " reads exactly like something that does not exist");
        }

        assertEquals(404, tenantRefused(HttpRequest.DELETE("/v1/backups/" + theirBackup)).code());
        assertEquals("COMPLETED", get("/v1/backups/" + theirBackup).orElseThrow().get("status"));
        assertEquals(403, assertThrows(HttpClientResponseException.class, () -> client.exchange(
                HttpRequest.DELETE("/v1/backups/" + myBackup).bearerAuth(VIEWER.secret()), String.class)).code(),
                "a viewer may not delete");
        HttpResponse<String> deleted = client.exchange(HttpRequest.DELETE("/v1/backups/" + myBackup)
                .bearerAuth(TENANT_ADMIN.secret()), String.class);
        assertEquals(202, deleted.code());
        DeleteRequested request = null;
        for (ConsumerRecord<byte[], byte[]> record : broker.readUntil(Topics.BACKUP_DELETIONS, records -> records
                .stream().anyMatch(r -> r.value() != null
                        && new String(r.value(), StandardCharsets.UTF_8).contains(myBackup)), TIMEOUT)) {
            if (record.value() != null && CODEC.decode(record.value()).data() instanceof DeleteRequested delete
                    && delete.backupId().equals(myBackup)) {
                request = delete;
            }
        }
        assertNotNull(request, "the delete was published");
        assertEquals(TENANT_ADMIN.name(), request.requestedBy(), "requestedBy is the caller, not a constant");
    }

    private static List<Map<String, Object>> tenantGet(String uri, String field) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) json(client.exchange(HttpRequest.GET(uri)
                .bearerAuth(TENANT_ADMIN.secret()), String.class).body()).get(field);
        return items;
    }

    private static HttpClientResponseException tenantRefused(MutableHttpRequest<?> request) {
        return assertThrows(HttpClientResponseException.class,
                () -> client.exchange(request.bearerAuth(TENANT_ADMIN.secret()), String.class),
                request.getUri().toString());
    }

    private static Map<String, Object> assertProblem(String uri, int status, String parameter) {
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
                () -> client.exchange(HttpRequest.GET(uri), String.class), uri);
        assertEquals(status, e.code(), uri);
        assertEquals("application/problem+json", e.getResponse().getContentType().orElseThrow().toString(), uri);
        Map<String, Object> body = json(e.getResponse().getBody(String.class).orElseThrow());
        assertEquals(status, ((Number) body.get("status")).intValue(), uri);
        assertNotNull(body.get("detail"), uri + " " + body);
        if (parameter != null) {
            assertEquals(List.of(parameter), ((List<?>) body.get("violations")).stream()
                    .map(violation -> ((Map<?, ?>) violation).get("field")).toList(), uri + " " + body);
            assertFalse(body.containsKey("parameters"), "extension members sit at the top level: " + body);
            assertTrue(((String) body.get("detail")).startsWith(parameter + ":"), body.toString());
        }
        return body;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) {
        try {
            return server.getApplicationContext().getBean(JsonMapper.class).readValue(text, Map.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, String> failedReasons(List<ConsumerRecord<byte[], byte[]>> records, String target) {
        Map<String, String> reasons = new java.util.HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                if (CODEC.decode(record.value()).data() instanceof SnapshotFailed failed
                        && target.equals(failed.targetId())) {
                    reasons.put(failed.backupId(), failed.reason());
                }
            } catch (Exception e) {
                // other tests' records are not ours to judge
            }
        }
        return reasons;
    }

    private static Map<String, Object> awaitStatus(String id, String status) {
        return Await.untilPresent(TIMEOUT, () -> get("/v1/backups/" + id).filter(b -> status.equals(b.get("status"))),
                id + " reaches " + status);
    }

    @SuppressWarnings("unchecked")
    private static java.util.Optional<Map<String, Object>> get(String uri) {
        try {
            HttpResponse<Map> response = client.exchange(HttpRequest.GET(UriBuilder.of(uri).build()),
                    Argument.of(Map.class));
            return response.getBody().map(body -> (Map<String, Object>) body);
        } catch (HttpClientResponseException e) {
            if (e.code() == 404) {
                return java.util.Optional.empty();
            }
            throw e;
        }
    }

    private static void publish(CloudEvent<?> event) throws Exception {
        EventType type = EventType.fromType(event.type()).orElseThrow();
        producer.send(new ProducerRecord<>(type.topic(), type.key(event.data()).getBytes(StandardCharsets.UTF_8),
                CODEC.encode(event))).get();
    }

    private static BackupRequested requested(String id, String target, Instant at) {
        return new BackupRequested(id, target, BackupType.FULL, null, "s3", Compression.ZSTD, null, null, "it",
                "nightly", at, at);
    }

    private static SnapshotStarted started(String id, String target, Instant at) {
        return new SnapshotStarted(id, target, TargetKind.POSTGRES, "worker-7", BackupType.FULL, null,
                Compression.ZSTD, "s3", "nightly", at);
    }

    private static SnapshotCompleted snapshot(String id, String target, long bytes, long chunks, String sha,
                                              Instant t0) {
        return new SnapshotCompleted(id, target, TargetKind.POSTGRES, "worker-7", BackupType.FULL, null,
                Compression.ZSTD, null, "s3", "nightly", chunks, bytes * 2, bytes, sha, 9, List.of(),
                t0.plusSeconds(1), t0.plusSeconds(10));
    }

    private static UploadCompleted upload(String id, String target, long bytes, long chunks, String sha, Instant at) {
        return new UploadCompleted(id, target, "s3", "backstream", "p/" + id + ".tar.zst",
                "p/" + id + ".tar.zst.manifest.json", bytes, sha, "etag", chunks, at);
    }

    static Backup completed(String id, String target, BackupType type, BackupStatus status, Instant createdAt) {
        return new Backup(id, target, TargetKind.DIRECTORY, "policy-" + (id.hashCode() & 3), type, null, "s3",
                Compression.ZSTD, null, "worker-1", status, status == BackupStatus.FAILED ? "timeout" : null,
                createdAt, createdAt, createdAt, createdAt.plusSeconds(30), createdAt.plusSeconds(30),
                new SnapshotResult(2, 2000, 1000, SHA, 10, List.of(), createdAt.plusSeconds(20)),
                new UploadResult("backstream", "k/" + id, "k/" + id + ".manifest.json", 1000, SHA, "e", 2,
                        createdAt.plusSeconds(30), null), null, null);
    }
}
