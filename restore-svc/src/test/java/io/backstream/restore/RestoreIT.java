package io.backstream.restore;

import io.backstream.restore.fixture.CatalogStandIn;
import io.backstream.restore.fixture.ReadCounter;
import io.backstream.restore.fixture.TarArchives;
import io.backstream.restore.messaging.PendingWork;
import io.backstream.schema.BackupType;
import io.backstream.schema.CloudEvent;
import io.backstream.schema.DeadLetterHeaders;
import io.backstream.schema.EventCodec;
import io.backstream.schema.TargetKind;
import io.backstream.schema.Topics;
import io.backstream.schema.event.BackupDeleted;
import io.backstream.schema.event.BackupDiscovered;
import io.backstream.schema.event.BackupVerificationFailed;
import io.backstream.schema.event.BackupVerified;
import io.backstream.schema.event.DeleteRequested;
import io.backstream.schema.event.RestoreCompleted;
import io.backstream.schema.event.RestoreDestination;
import io.backstream.schema.event.RestoreFailed;
import io.backstream.schema.event.RestoreProgress;
import io.backstream.schema.event.RestoreRequested;
import io.backstream.schema.manifest.BackupManifest;
import io.backstream.schema.manifest.BackupManifests;
import io.backstream.storage.ObjectStorage;
import io.backstream.storage.s3.S3Config;
import io.backstream.storage.s3.S3ObjectStorage;
import io.backstream.support.security.Roles;
import io.backstream.support.security.TestApiAccess;
import io.backstream.testkit.Archives;
import io.backstream.testkit.Await;
import io.backstream.testkit.KafkaBroker;
import io.backstream.testkit.Postgres15;
import io.backstream.testkit.S3Server;
import io.backstream.testkit.TestTokens;
import io.backstream.testkit.TreeFixtures;
import io.backstream.testkit.UniqueNames;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * restore-svc end to end on the real broker and S3 server: archives built as the backup path stores them are
 * restored through {@code restore.requests}; the catalog's read API is served by {@link CatalogStandIn}.
 */
class RestoreIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final int RAW_CHUNK = 256 * 1024;
    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    private static KafkaBroker broker;
    private static S3Server s3;
    private static Postgres15 pg;
    private static ApplicationContext context;
    private static int port;
    private static ObjectStorage storage;
    private static ObjectStorage rebuildStorage;
    private static String rebuildBucket;
    private static KafkaProducer<byte[], byte[]> producer;
    private static Path roots;
    private static Path source;
    private static final EventCodec CODEC = new EventCodec();
    private static final TestTokens.Token TENANT = TestTokens.generate("tenant-operator", Roles.OPERATOR, "tenant-*");
    private static final TestTokens.Token VIEWER = TestTokens.generate("viewer", Roles.VIEWER);
    private static final TarArchives ARCHIVES = new TarArchives(RAW_CHUNK);

    private static Path stateDir;
    /** Dead letters of backup.deletions seen so far, by backup id (key). */
    private static final Map<String, Integer> DEAD_LETTERS = new HashMap<>();
    private static Map<String, Object> config;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.shared();
        s3 = S3Server.shared();
        String bucket = s3.createUniqueBucket("restore");
        rebuildBucket = s3.createUniqueBucket("rebuild");
        storage = new S3ObjectStorage(S3Config.compatible(s3.endpoint(), s3.region(), bucket, s3.accessKey(), s3.secretKey()));
        rebuildStorage = new S3ObjectStorage(S3Config.compatible(s3.endpoint(), s3.region(), rebuildBucket,
                s3.accessKey(), s3.secretKey()));
        for (String topic : List.of(Topics.RESTORE_REQUESTS, Topics.BACKUP_DELETIONS)) {
            try {
                broker.createTopic(topic, 1, Map.of());
            } catch (RuntimeException alreadyThere) {
                // another test class of this JVM may have created it
            }
        }
        roots = Files.createTempDirectory("restore-roots");
        source = Files.createTempDirectory("restore-source");
        generateTree(source);
        pg = Postgres15.start();
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        stateDir = Files.createTempDirectory("restore-state");
        config = new HashMap<>();
        config.put("micronaut.server.port", port);
        config.put("kafka.bootstrap.servers", broker.bootstrapServers());
        config.put("catalog-stand-in.enabled", "true");
        config.put("backstream.restore.catalog-url", "http://127.0.0.1:" + port + "/stand-in-catalog");
        config.putAll(TestApiAccess.properties(TENANT, VIEWER));
        config.put("backstream.restore.catalog-token-file", TestTokens.writePrivate(
                stateDir.resolveSibling(stateDir.getFileName() + "-catalog-token"), TestApiAccess.ADMIN.secret())
                .toString());
        config.put("backstream.restore.allowed-roots", List.of(roots.toString()));
        config.put("backstream.restore.scratch-dir", Files.createTempDirectory("restore-scratch").toString());
        config.put("backstream.restore.state-dir", stateDir.toString());
        // every chunk reports progress, so the test can count the events
        config.put("backstream.restore.progress-interval", "0s");
        config.put("backstream.restore.postgres.port", pg.port());
        config.put("backstream.restore.postgres.password", Postgres15.PASSWORD);
        config.put("backstream.restore.postgres.bin-dir", pg.binDir().toString());
        config.put("backstream.restore.postgres.allowed-databases", List.of("restored_*"));
        storageConfig(config, "main", bucket);
        storageConfig(config, "rebuild", rebuildBucket);
        context = ApplicationContext.run(EmbeddedServer.class, config).getApplicationContext();
        producer = broker.newProducer();
    }

    private static void storageConfig(Map<String, Object> config, String name, String bucket) {
        String base = "backstream.storages." + name + ".";
        config.put(base + "type", "s3");
        config.put(base + "bucket", bucket);
        config.put(base + "endpoint", s3.endpoint().toString());
        config.put(base + "region", s3.region());
        config.put(base + "path-style", true);
        config.put(base + "access-key", s3.accessKey());
        config.put(base + "secret-key", s3.secretKey());
    }

    @AfterAll
    static void stop() throws Exception {
        if (producer != null) {
            producer.close();
        }
        if (context != null) {
            context.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void fullRestoreReproducesTheTreeAndARepeatIsANoOp() throws Exception {
        TarArchives.Stored backup = storeTree("full", T0);
        Path destination = roots.resolve(UniqueNames.id("full"));

        RestoreRequested request = request(backup.backupId(), destination, false, List.of());
        RestoreCompleted completed = completed(request);
        assertEquals(tree(source), tree(destination), "restored tree equals the source");
        // same key, same partition: every progress event precedes the completion
        List<RestoreProgress> progress = broker.readUntil(Topics.RESTORE_EVENTS, list -> list.stream().map(RestoreIT::data)
                        .anyMatch(d -> d instanceof RestoreCompleted c && c.restoreId().equals(request.restoreId())), TIMEOUT)
                .stream()
                .map(RestoreIT::data).filter(d -> d instanceof RestoreProgress p && p.restoreId().equals(request.restoreId()))
                .map(RestoreProgress.class::cast).toList();
        assertEquals(backup.manifest().chunks().size(), progress.size(), "one progress event per chunk here");
        assertEquals(backup.archive().length, progress.get(progress.size() - 1).bytesDone());
        assertEquals(backup.archive().length, progress.get(0).bytesTotal());
        assertEquals(backup.manifest().files().size(), completed.files());
        assertEquals(backup.archive().length, completed.bytes());
        String marker = Files.readString(destination.resolve("restore.done"));
        assertTrue(marker.contains(backup.backupId()) && marker.contains(backup.manifest().archiveSha256()), marker);
        FileTime markerTime = Files.getLastModifiedTime(destination.resolve("restore.done"));

        RestoreCompleted again = completed(request(backup.backupId(), destination, false, List.of()));
        assertEquals(0, again.files(), "a repeated restore of the same backup does nothing");
        assertEquals(marker, Files.readString(destination.resolve("restore.done")));
        assertEquals(markerTime, Files.getLastModifiedTime(destination.resolve("restore.done")));

        String metrics = adminGet("/prometheus").body();
        assertTrue(metrics.contains("backstream_restore_runs_total{result=\"success\"}"), metrics);
        assertTrue(metrics.contains("backstream_restore_bytes_total"), metrics);
    }

    /**
     * A restore accepted before the process died (its record committed, its work not finished) runs when the
     * service starts again, and nothing stays pending once requests have run.
     */
    @Test
    void aRestoreAcceptedBeforeACrashRunsWhenTheServiceStartsAgain() throws Exception {
        TarArchives.Stored backup = storeTree("crash", T0);
        Path destination = roots.resolve(UniqueNames.id("crash"));
        RestoreRequested request = request(backup.backupId(), destination, false, List.of());
        CloudEvent<?> accepted = CODEC.create("/restore-it", request.restoreId(), request);
        context.close();
        // what the listener had recorded when the process died; the request is never sent again
        new PendingWork(stateDir.resolve("pending")).add(accepted.id(), CODEC.encode(accepted));
        context = ApplicationContext.run(EmbeddedServer.class, config).getApplicationContext();

        Object outcome = awaitOutcome(request.restoreId());
        assertInstanceOf(RestoreCompleted.class, outcome, () -> "restore failed: " + outcome);
        assertEquals(tree(source), tree(destination), "restored tree equals the source");
        Await.until(TIMEOUT, () -> pendingEntries().isEmpty(), "no request left pending");
    }

    private static List<Path> pendingEntries() {
        try (Stream<Path> files = Files.list(stateDir.resolve("pending"))) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void restoreByTargetAndPointInTimeAppliesTheFullThenItsIncrementals() throws Exception {
        String target = UniqueNames.id("pit").replace('_', '-');
        TarArchives.Stored full = store(target, BackupType.FULL, null, T0, Archives.entriesOf(source));
        Instant changed = T0.plusSeconds(3600);
        TarArchives.Stored incremental = store(target, BackupType.INCREMENTAL, full.backupId(), changed, List.of(
                file("a/b/c/deep.txt", "changed in the incremental\n", changed),
                file("added.txt", "added by the incremental\n", changed)));
        store(target, BackupType.FULL, null, T0.plusSeconds(7200), List.of(file("later.txt", "too new\n", changed)));
        Path destination = roots.resolve(UniqueNames.id("pit"));

        RestoreRequested request = new RestoreRequested(UniqueNames.id("restore"), null, target,
                changed.plusSeconds(60), new RestoreDestination(RestoreDestination.Kind.DIRECTORY, destination.toString(), null),
                false, List.of(), false, "restore-it", Instant.now());
        RestoreCompleted completed = completed(request);

        assertEquals(List.of(full.backupId(), incremental.backupId()), completed.backupIds());
        assertEquals("changed in the incremental\n", Files.readString(destination.resolve("a/b/c/deep.txt")));
        assertEquals("added by the incremental\n", Files.readString(destination.resolve("added.txt")));
        assertEquals(Files.mismatch(source.resolve("big.bin"), destination.resolve("big.bin")), -1L);
        assertFalse(Files.exists(destination.resolve("later.txt")), "a full backup after the point in time is not used");
    }

    @Test
    void partialRestoreFetchesOnlyTheChunksOfTheRequestedPaths() throws Exception {
        TarArchives.Stored backup = storeTree("partial", T0);
        Path destination = roots.resolve(UniqueNames.id("partial"));

        completed(request(backup.backupId(), destination, false, List.of("a/b/c/deep.txt", "secret")));

        Map<String, String> restored = tree(destination);
        Map<String, String> expected = new TreeMap<>(tree(source));
        expected.keySet().retainAll(List.of("a/b/c/deep.txt", "secret"));
        Map<String, String> restoredFiles = new TreeMap<>(restored);
        restoredFiles.keySet().removeIf(path -> restored.get(path).startsWith("dir"));
        assertEquals(expected, restoredFiles, "exactly the two requested paths are restored");
        long gets = ReadCounter.COUNTS.rangedGets(backup.key());
        long bytes = ReadCounter.COUNTS.rangedBytes(backup.key());
        int chunks = backup.manifest().chunks().size();
        assertTrue(chunks >= 10, "the archive spans many chunks: " + chunks);
        assertTrue(gets <= 4, "only the chunks holding the two entries are fetched, not " + gets + " of " + chunks);
        assertTrue(bytes < backup.archive().length / 4, bytes + " of " + backup.archive().length + " bytes fetched");
    }

    @Test
    void corruptedTruncatedOrDisagreeingArchivesFailAndLeaveTheDestinationAsItWas() throws Exception {
        // an earlier restore's directory, which overwrite may replace
        Path destination = roots.resolve(UniqueNames.id("corrupt"));
        completed(request(store(UniqueNames.id("earlier").replace('_', '-'), BackupType.FULL, null, T0,
                List.of(file("keep/precious.txt", "do not touch\n", T0))).backupId(), destination, false, List.of()));
        Map<String, String> before = tree(destination);

        TarArchives.Stored flipped = storeTree("flipped", T0);
        byte[] bad = flipped.archive().clone();
        bad[bad.length / 2] ^= 0x40;
        storage.put(flipped.key(), bad, "application/zstd");

        TarArchives.Stored truncated = storeTree("truncated", T0);
        storage.put(truncated.key(), Arrays.copyOf(truncated.archive(), truncated.archive().length - 100),
                "application/zstd");

        TarArchives.Stored disagreeing = storeTree("disagreeing", T0);
        List<BackupManifest.FileEntry> files = new ArrayList<>(disagreeing.manifest().files());
        int big = indexOf(files, "big.bin");
        BackupManifest.FileEntry entry = files.get(big);
        files.set(big, new BackupManifest.FileEntry(entry.path(), entry.type(), entry.size() - 1, entry.mode(),
                entry.mtime(), entry.chunkSequence(), entry.rawOffset(), entry.linkTarget()));
        BackupManifest m = disagreeing.manifest();
        storage.put(disagreeing.manifestKey(), BackupManifests.toBytes(new BackupManifest(m.formatVersion(),
                m.backupId(), m.targetId(), m.targetKind(), m.type(), m.parentBackupId(), m.policyId(), m.createdAt(),
                m.completedAt(), m.compression(), m.encryptionKeyId(), m.archiveSize(), m.archiveSha256(), m.rawBytes(),
                m.chunks(), files, m.warnings())), "application/json");

        for (TarArchives.Stored backup : List.of(flipped, truncated, disagreeing)) {
            RestoreFailed failed = failed(request(backup.backupId(), destination, true, List.of()));
            assertTrue(failed.reason().startsWith("checksum-mismatch"), failed.reason());
            assertEquals(before, tree(destination), "the destination is untouched after " + failed.reason());
        }
        assertTrue(failed(request(flipped.backupId(), destination, true, List.of())).reason().contains("chunk"));
        assertEquals(List.of(destination.getFileName().toString()), siblingsOf(destination),
                "no staging directory is left behind");
    }

    @Test
    void unsafeEntriesAreRejectedAndNothingIsWrittenOutside() throws Exception {
        String outsideName = UniqueNames.id("escaped");
        Map<String, Archives.Entry> crafted = Map.of(
                "../" + outsideName, file("../" + outsideName, "escape\n", T0),
                "/tmp/" + outsideName, file("/tmp/" + outsideName, "absolute\n", T0),
                "esc", new Archives.Entry("esc", BackupManifest.FileType.SYMLINK, new byte[0], 0777, T0,
                        "../../" + outsideName));
        for (Map.Entry<String, Archives.Entry> evil : crafted.entrySet()) {
            TarArchives.Stored backup = store(UniqueNames.id("evil").replace('_', '-'), BackupType.FULL, null, T0,
                    List.of(file("fine.txt", "fine\n", T0), evil.getValue()));
            Path destination = roots.resolve(UniqueNames.id("evil"));
            RestoreFailed failed = failed(request(backup.backupId(), destination, false, List.of()));
            assertTrue(failed.reason().startsWith("unsafe-entry") && failed.reason().contains(evil.getKey()),
                    failed.reason());
            assertFalse(Files.exists(destination, LinkOption.NOFOLLOW_LINKS), "nothing is restored");
        }
        assertFalse(Files.exists(roots.resolve(outsideName)));
        assertFalse(Files.exists(roots.getParent().resolve(outsideName)));
        assertFalse(Files.exists(Path.of("/tmp", outsideName)));
        try (Stream<Path> left = Files.list(roots)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().contains(".restore-")), "no staging left");
        }
    }

    @Test
    void destinationsOutsideTheAllowlistOrExistingWithoutOverwriteAreRefused() throws Exception {
        TarArchives.Stored backup = storeTree("refused", T0);
        Path outside = Files.createTempDirectory("not-allowed").resolve("dest");
        RestoreFailed notAllowed = failed(request(backup.backupId(), outside, true, List.of()));
        assertTrue(notAllowed.reason().startsWith("destination-not-allowed"), notAllowed.reason());
        assertFalse(Files.exists(outside));

        Path sneaky = roots.resolve("../" + UniqueNames.id("sneaky"));
        assertTrue(failed(request(backup.backupId(), sneaky, true, List.of())).reason()
                .startsWith("destination-not-allowed"));
        assertFalse(Files.exists(sneaky.normalize()));

        Path existing = roots.resolve(UniqueNames.id("existing"));
        Files.createDirectories(existing);
        Files.writeString(existing.resolve("mine.txt"), "mine\n");
        Map<String, String> before = tree(existing);
        RestoreFailed exists = failed(request(backup.backupId(), existing, false, List.of()));
        assertTrue(exists.reason().startsWith("destination-exists"), exists.reason());
        assertEquals(before, tree(existing));

        RestoreFailed notRestored = failed(request(backup.backupId(), existing, true, List.of()));
        assertTrue(notRestored.reason().startsWith("overwrite-not-allowed"), notRestored.reason());
        assertEquals(before, tree(existing), "overwrite leaves files no restore wrote alone");
        assertEquals("mine\n", Files.readString(existing.resolve("mine.txt")));
    }

    @Test
    void overwriteReplacesAnEmptyDirectoryOrAnEarlierRestore() throws Exception {
        TarArchives.Stored first = store(UniqueNames.id("first").replace('_', '-'), BackupType.FULL, null, T0,
                List.of(file("old.txt", "old\n", T0)));
        TarArchives.Stored second = storeTree("second", T0);
        Path empty = Files.createDirectories(roots.resolve(UniqueNames.id("empty")));
        completed(request(first.backupId(), empty, true, List.of()));
        assertEquals("old\n", Files.readString(empty.resolve("old.txt")));

        completed(request(second.backupId(), empty, true, List.of()));
        assertEquals(tree(source), tree(empty), "the earlier restore is replaced whole");
        assertTrue(Files.readString(empty.resolve("restore.done")).contains(second.backupId()));
    }

    @Test
    void postgresDumpRestoresIntoANewDatabaseWithIdenticalRowsAndDrillsList() throws Exception {
        String sourceDb = "src_" + Long.toHexString(System.nanoTime());
        pg.psql("postgres", "CREATE DATABASE " + sourceDb);
        pg.psql(sourceDb, "CREATE TABLE items (id int PRIMARY KEY, name text, price numeric(10,2));"
                + " INSERT INTO items SELECT g, 'item ' || g || ' ü', g * 1.25 FROM generate_series(1, 500) g;");
        Path dump = Files.createTempFile("pg", ".dump");
        pg.dump(sourceDb, dump);
        TarArchives.Stored backup = store(sourceDb.replace('_', '-'), BackupType.FULL, null, T0, List.of(
                new Archives.Entry(sourceDb + ".dump", BackupManifest.FileType.FILE, Files.readAllBytes(dump), 0600,
                        T0, null),
                file("globals.sql", "-- roles\n", T0)), TargetKind.POSTGRES);
        String restoredDb = "restored_" + Long.toHexString(System.nanoTime());

        RestoreRequested request = new RestoreRequested(UniqueNames.id("restore"), backup.backupId(), null, null,
                new RestoreDestination(RestoreDestination.Kind.POSTGRES, null, restoredDb), false, List.of(), false,
                "restore-it", Instant.now());
        completed(request);
        String query = "SELECT id, name, price FROM items ORDER BY id";
        String expected = pg.psql(sourceDb, query);
        assertEquals(500, expected.strip().lines().count());
        assertEquals(expected, pg.psql(restoredDb, query));

        RestoreRequested again = new RestoreRequested(UniqueNames.id("restore"), backup.backupId(), null, null,
                new RestoreDestination(RestoreDestination.Kind.POSTGRES, null, restoredDb), false, List.of(), false,
                "restore-it", Instant.now());
        assertTrue(failed(again).reason().startsWith("destination-exists"), "a non-empty database is refused");

        String drillId = UniqueNames.id("drill");
        send(new RestoreRequested(drillId, backup.backupId(), null, null, null, false, List.of(), true, "restore-it",
                Instant.now()));
        BackupVerified verified = backupEvent(BackupVerified.class, e -> drillId.equals(e.restoreId()));
        assertEquals(backup.backupId(), verified.backupId());
    }

    /**
     * Only databases that {@code allowed-databases} matches ({@code restored_*} here) are restored into; the test
     * database holding rows stays exactly as it was, even with overwrite.
     */
    @Test
    void aPostgresRestoreIntoADatabaseNotAllowedFailsAndLeavesItUntouched() throws Exception {
        String victim = "victim_" + Long.toHexString(System.nanoTime());
        pg.psql("postgres", "CREATE DATABASE " + victim);
        pg.psql(victim, "CREATE TABLE accounts (id int PRIMARY KEY, owner text);"
                + " INSERT INTO accounts SELECT g, 'owner ' || g FROM generate_series(1, 20) g;");
        String query = "SELECT id, owner FROM accounts ORDER BY id";
        String before = pg.psql(victim, query);
        Path dump = Files.createTempFile("pg", ".dump");
        pg.dump(victim, dump);
        TarArchives.Stored backup = store(victim.replace('_', '-'), BackupType.FULL, null, T0, List.of(
                new Archives.Entry(victim + ".dump", BackupManifest.FileType.FILE, Files.readAllBytes(dump), 0600,
                        T0, null)), TargetKind.POSTGRES);
        pg.psql(victim, "DELETE FROM accounts WHERE id > 10");
        String changed = pg.psql(victim, query);

        for (String database : List.of(victim, "restoredx_" + victim)) {
            RestoreFailed refused = failed(new RestoreRequested(UniqueNames.id("restore"), backup.backupId(), null,
                    null, new RestoreDestination(RestoreDestination.Kind.POSTGRES, null, database), true, List.of(),
                    false, "restore-it", Instant.now()));
            assertTrue(refused.reason().startsWith("database-not-allowed")
                    && refused.reason().contains("allowed-databases"), refused.reason());
        }
        assertEquals(changed, pg.psql(victim, query), "the database is untouched");
        assertTrue(before.strip().lines().count() > changed.strip().lines().count());
        assertEquals("", pg.psql("postgres", "SELECT datname FROM pg_database WHERE datname = 'restoredx_" + victim
                + "'").strip(), "no database was created");
    }

    @Test
    void drillsVerifyAGoodBackupAndCatchACorruptedOne() throws Exception {
        TarArchives.Stored good = storeTree("drill-good", T0);
        TarArchives.Stored corrupted = storeTree("drill-bad", T0);
        byte[] bad = corrupted.archive().clone();
        bad[100] ^= 0x01;
        storage.put(corrupted.key(), bad, "application/zstd");

        String goodDrill = UniqueNames.id("drill");
        send(new RestoreRequested(goodDrill, good.backupId(), null, null, null, false, List.of(), true, "scheduler",
                Instant.now()));
        BackupVerified verified = backupEvent(BackupVerified.class, e -> goodDrill.equals(e.restoreId()));
        assertEquals(good.backupId(), verified.backupId());
        assertEquals(good.manifest().files().size(), verified.files());

        String badDrill = UniqueNames.id("drill");
        send(new RestoreRequested(badDrill, corrupted.backupId(), null, null, null, false, List.of(), true, "scheduler",
                Instant.now()));
        BackupVerificationFailed failed = backupEvent(BackupVerificationFailed.class,
                e -> badDrill.equals(e.restoreId()));
        assertEquals(corrupted.backupId(), failed.backupId());
        assertTrue(failed.reason().startsWith("checksum-mismatch"), failed.reason());
    }

    @Test
    void aPresignedUrlPipedThroughCurlAndGnuTarReproducesTheTree() throws Exception {
        TarArchives.Stored backup = storeTree("url", T0);
        HttpResponse<String> response = adminGet("/v1/backups/" + backup.backupId() + "/download-url?ttl=PT10M");
        assertEquals(200, response.statusCode(), response.body());
        String url = CODEC.mapper().readTree(response.body()).get("url").asText();
        assertTrue(url.startsWith(s3.endpoint().toString()) && url.contains("X-Amz-Signature"), url);

        Path out = Files.createTempDirectory("curl-tar");
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "set -o pipefail; curl -sf \"$URL\" | tar -x --zstd -C \"$OUT\"")
                .redirectErrorStream(true);
        builder.environment().put("URL", url);
        builder.environment().put("OUT", out.toString());
        Process curl = builder.start();
        String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, curl.waitFor(), output);
        assertEquals(tree(source), tree(out));

        HttpResponse<String> unknown = adminGet("/v1/backups/no-such-backup/download-url");
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.headers().firstValue("content-type").orElse("").startsWith("application/problem+json"));
        Map<?, ?> problem = context.getBean(JsonMapper.class).readValue(unknown.body(), Map.class);
        assertEquals(404, ((Number) problem.get("status")).intValue(), unknown.body());
        assertTrue(((String) problem.get("detail")).startsWith("id:"), unknown.body());
    }

    /**
     * {@code POST /v1/restores}: the restore runs as one from Kafka would, its requestedBy is the token's principal,
     * and a forged requestedBy, a malformed body, a backup outside the token's scope, a viewer and no token are
     * refused before anything is published.
     */
    @Test
    void aRestoreAskedForOverHttpRunsAsTheCallerAndBadOrForeignRequestsAreRefused() throws Exception {
        TarArchives.Stored backup = storeTree("http", T0);
        Path destination = roots.resolve(UniqueNames.id("http"));
        String order = "{\"backupId\":\"" + backup.backupId() + "\",\"destination\":{\"kind\":\"DIRECTORY\","
                + "\"path\":\"" + destination + "\"}}";

        HttpResponse<String> accepted = postRestore(order, TestApiAccess.ADMIN.bearer());
        assertEquals(202, accepted.statusCode(), accepted.body());
        var event = CODEC.mapper().readTree(accepted.body());
        assertEquals("backstream.restore.requested.v1", event.get("type").asText());
        assertEquals(TestApiAccess.ADMIN.name(), event.at("/data/requestedBy").asText());
        Object outcome = awaitOutcome(event.at("/data/restoreId").asText());
        assertInstanceOf(RestoreCompleted.class, outcome, () -> "restore failed: " + outcome);
        assertEquals(tree(source), tree(destination), "restored tree equals the source");

        Path untouched = roots.resolve(UniqueNames.id("refused"));
        String elsewhere = order.replace(destination.toString(), untouched.toString());
        HttpResponse<String> forged = postRestore(elsewhere.replace("{\"backupId\"",
                "{\"requestedBy\":\"someone-else\",\"backupId\""), TestApiAccess.ADMIN.bearer());
        assertEquals(400, forged.statusCode());
        assertTrue(forged.body().contains("requestedBy: is set by the service"), forged.body());
        HttpResponse<String> noDestination = postRestore("{\"backupId\":\"" + backup.backupId() + "\"}",
                TestApiAccess.ADMIN.bearer());
        assertEquals(400, noDestination.statusCode());
        assertTrue(noDestination.body().contains("\"detail\":\"destination: "), noDestination.body());
        HttpResponse<String> both = postRestore(elsewhere.replace("{\"backupId\"", "{\"targetId\":\"http\","
                + "\"backupId\""), TestApiAccess.ADMIN.bearer());
        assertEquals(400, both.statusCode());
        assertTrue(both.body().contains("backupId: give either backupId or targetId"), both.body());

        HttpResponse<String> foreign = postRestore(elsewhere, TENANT.bearer());
        HttpResponse<String> unknown = postRestore(elsewhere.replace(backup.backupId(), "no-such-backup"),
                TENANT.bearer());
        assertEquals(404, foreign.statusCode(), foreign.body());
        assertEquals(unknown.body().replace("no-such-backup", backup.backupId()), foreign.body(),
                "a backup outside the token's scope reads like one that does not exist");
        assertEquals(403, postRestore(elsewhere, VIEWER.bearer()).statusCode());
        assertEquals(401, postRestore(elsewhere, null).statusCode());
    }

    private static HttpResponse<String> postRestore(String body, String authorization) throws Exception {
        return send(HttpRequest.newBuilder().header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), "/v1/restores", authorization);
    }

    private static HttpResponse<String> adminGet(String path) throws Exception {
        return send(HttpRequest.newBuilder().GET(), path, TestApiAccess.ADMIN.bearer());
    }

    private static HttpResponse<String> adminPost(String path) throws Exception {
        return send(HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.noBody()), path,
                TestApiAccess.ADMIN.bearer());
    }

    /** {@code request} to {@code path} on the service under test, with {@code authorization} unless null. */
    private static HttpResponse<String> send(HttpRequest.Builder request, String path, String authorization)
            throws Exception {
        request.uri(URI.create("http://127.0.0.1:" + port + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void rebuildEmitsOneBackupDiscoveredPerManifest() throws Exception {
        TarArchives.Stored first = ARCHIVES.store(rebuildStorage, "backups", "web-1", TargetKind.DIRECTORY,
                BackupType.FULL, UniqueNames.id("rb"), null, T0, Archives.entriesOf(source));
        TarArchives.Stored second = ARCHIVES.store(rebuildStorage, "backups", "db-1", TargetKind.DIRECTORY,
                BackupType.FULL, UniqueNames.id("rb"), null, T0.plusSeconds(60), List.of(file("x.txt", "x\n", T0)));
        rebuildStorage.put("backups/README.txt", "not a backup".getBytes(StandardCharsets.UTF_8), "text/plain");
        TarArchives.Stored legacy = storeWithoutBackupIdInKey(ARCHIVES.store(rebuildStorage, "staging", "old-1",
                TargetKind.DIRECTORY, BackupType.FULL, UniqueNames.id("rb"), null, T0.plusSeconds(120),
                List.of(file("y.txt", "y\n", T0))));

        HttpResponse<String> response = adminPost("/v1/storages/rebuild/rebuild-catalog");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(3, CODEC.mapper().readTree(response.body()).get("discovered").asInt());

        for (TarArchives.Stored stored : List.of(first, second, legacy)) {
            BackupDiscovered discovered = backupEvent(BackupDiscovered.class,
                    e -> stored.backupId().equals(e.backupId()));
            assertEquals(stored.targetId(), discovered.targetId());
            assertEquals("rebuild", discovered.storage());
            assertEquals(stored.key(), discovered.key());
            assertEquals(stored.manifestKey(), discovered.manifestKey());
            assertEquals(stored.archive().length, discovered.size());
            assertEquals(stored.manifest().archiveSha256(), discovered.sha256());
            assertEquals(stored.manifest().chunks().size(), discovered.chunkCount());
            assertEquals(BackupType.FULL, discovered.type());
        }
        HttpResponse<String> unknown = adminPost("/v1/storages/nope/rebuild-catalog");
        assertEquals(404, unknown.statusCode());
    }

    /** Moves a stored backup to a key of the older layout, as backups stored before keys carried the backup id. */
    private static TarArchives.Stored storeWithoutBackupIdInKey(TarArchives.Stored stored) throws Exception {
        String key = "backups/directory-" + stored.targetId() + "-" + stored.manifest().createdAt().toEpochMilli()
                + ".tar.zst";
        byte[] manifest;
        try (var in = rebuildStorage.read(stored.manifestKey())) {
            manifest = in.readAllBytes();
        }
        rebuildStorage.put(key, stored.archive(), "application/zstd");
        rebuildStorage.put(key + ".manifest.json", manifest, "application/json");
        rebuildStorage.delete(stored.key());
        rebuildStorage.delete(stored.manifestKey());
        return new TarArchives.Stored(stored.backupId(), stored.targetId(), key, key + ".manifest.json",
                stored.manifest(), stored.archive());
    }

    @Test
    void deleteRequestedRemovesArchiveAndManifestOfABackupTheCatalogMarked() throws Exception {
        TarArchives.Stored backup = storeTree("delete", T0);
        CatalogStandIn.markForDeletion(backup.backupId(), Instant.now());
        send(new DeleteRequested(backup.backupId(), "main", backup.key(), backup.manifestKey(), "keepLast",
                "catalog", Instant.now()));
        BackupDeleted deleted = backupEvent(BackupDeleted.class, e -> backup.backupId().equals(e.backupId()));
        assertEquals(backup.key(), deleted.key());
        assertEquals(Optional.empty(), storage.head(backup.key()));
        assertEquals(Optional.empty(), storage.head(backup.manifestKey()));
    }

    @Test
    void deleteRequestsThatDoNotFitTheCatalogAreDeadLetteredAndDeleteNothing() throws Exception {
        TarArchives.Stored victim = storeTree("victim", T0);
        TarArchives.Stored marked = storeTree("marked", T0);
        CatalogStandIn.markForDeletion(marked.backupId(), Instant.now());
        // the catalog keeps this one in the other storage; "main" holds objects under the same keys
        TarArchives.Stored elsewhere = storeTree("elsewhere", T0);
        CatalogStandIn.register("rebuild", elsewhere);
        CatalogStandIn.markForDeletion(elsewhere.backupId(), Instant.now());

        String stranger = UniqueNames.id("stranger");
        send(new DeleteRequested(stranger, "main", victim.key(), victim.manifestKey(), "maxAge", "catalog",
                Instant.now()));
        assertEquals("unknown-backup", deadLetterReason(stranger));
        send(new DeleteRequested(marked.backupId(), "main", victim.key(), victim.manifestKey(), "maxAge", "catalog",
                Instant.now()));
        assertEquals("key-mismatch", deadLetterReason(marked.backupId()));
        send(new DeleteRequested(elsewhere.backupId(), "main", elsewhere.key(), elsewhere.manifestKey(), "maxAge",
                "catalog", Instant.now()));
        assertEquals("storage-mismatch", deadLetterReason(elsewhere.backupId()));
        send(new DeleteRequested(victim.backupId(), "main", victim.key(), victim.manifestKey(), "maxAge", "catalog",
                Instant.now()));
        assertEquals("not-marked", deadLetterReason(victim.backupId()));

        for (TarArchives.Stored kept : List.of(victim, marked, elsewhere)) {
            assertTrue(storage.head(kept.key()).isPresent(), kept.key());
            assertTrue(storage.head(kept.manifestKey()).isPresent(), kept.manifestKey());
        }
        // the real id and real keys of a backup the catalog did not mark: it is still restorable
        completed(request(victim.backupId(), roots.resolve(UniqueNames.id("victim")), false, null));
        MeterRegistry registry = context.getBean(MeterRegistry.class);
        for (String reason : List.of("unknown-backup", "key-mismatch", "storage-mismatch", "not-marked")) {
            assertTrue(registry.get("backstream.restore.deletes.refused").tag("reason", reason).counter().count() >= 1,
                    reason);
        }
    }

    /** A delete that stopped after the archive went is retried: the absent archive counts as deleted. */
    @Test
    void aRetriedDeleteFinishesAPartialOne() throws Exception {
        TarArchives.Stored backup = storeTree("partial", T0);
        storage.delete(backup.key());
        CatalogStandIn.markForDeletion(backup.backupId(), Instant.now());
        send(new DeleteRequested(backup.backupId(), "main", backup.key(), backup.manifestKey(), "partly-deleted",
                "catalog-retention", Instant.now()));
        BackupDeleted deleted = backupEvent(BackupDeleted.class, e -> backup.backupId().equals(e.backupId()));
        assertEquals(backup.key(), deleted.key());
        assertEquals(Optional.empty(), storage.head(backup.manifestKey()));
    }

    @Test
    void aBackupTheCatalogDoesNotHaveCompletedIsNotRestored() throws Exception {
        TarArchives.Stored backup = storeTree("deleting", T0);
        CatalogStandIn.markForDeletion(backup.backupId(), Instant.now());
        RestoreFailed failed = failed(request(backup.backupId(), roots.resolve(UniqueNames.id("deleting")), false,
                null));
        assertTrue(failed.reason().startsWith("backup-not-restorable"), failed.reason());
    }

    /** Issue 14's attack: a DeleteRequested published on restore.requests used to delete the backup. */
    @Test
    void aDeleteRequestedOnTheRestoreTopicIsDeadLetteredAndDeletesNothing() throws Exception {
        TarArchives.Stored backup = storeTree("misrouted", T0);
        DeleteRequested forged = new DeleteRequested(backup.backupId(), "main", backup.key(), backup.manifestKey(),
                "keepLast", "stranger", Instant.now());
        long offset = producer.send(new ProducerRecord<>(Topics.RESTORE_REQUESTS,
                backup.backupId().getBytes(StandardCharsets.UTF_8),
                CODEC.encode(CODEC.create("/restore-it", backup.backupId(), forged)))).get().offset();
        // a restore sent after it is still served, from the archive the forged event named
        completed(request(backup.backupId(), roots.resolve(UniqueNames.id("misrouted")), false, null));

        Predicate<ConsumerRecord<byte[], byte[]>> ours = record -> Long.toString(offset)
                .equals(header(record, DeadLetterHeaders.SOURCE_OFFSET));
        ConsumerRecord<byte[], byte[]> dead = broker.readUntil(Topics.dlq(Topics.RESTORE_REQUESTS),
                records -> records.stream().anyMatch(ours), TIMEOUT).stream().filter(ours).findFirst().orElseThrow();
        assertEquals("WRONG_TOPIC", header(dead, DeadLetterHeaders.REASON));
        String message = header(dead, DeadLetterHeaders.ERROR_MESSAGE);
        assertTrue(message.contains("backstream.backup.delete-requested.v1")
                && message.contains(Topics.RESTORE_REQUESTS), message);
        assertTrue(storage.head(backup.key()).isPresent(), "the archive is still there");
        assertTrue(storage.head(backup.manifestKey()).isPresent(), "the manifest is still there");
    }

    // ---- helpers

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static TarArchives.Stored storeTree(String target, Instant createdAt) throws IOException {
        return store(target + "-" + Long.toHexString(System.nanoTime()), BackupType.FULL, null, createdAt,
                Archives.entriesOf(source));
    }

    private static TarArchives.Stored store(String target, BackupType type, String parent, Instant createdAt,
                                            List<Archives.Entry> entries) throws IOException {
        return store(target, type, parent, createdAt, entries, TargetKind.DIRECTORY);
    }

    private static TarArchives.Stored store(String target, BackupType type, String parent, Instant createdAt,
                                            List<Archives.Entry> entries, TargetKind kind) throws IOException {
        TarArchives.Stored stored = ARCHIVES.store(storage, "backups", target, kind, type, UniqueNames.id("backup"),
                parent, createdAt, entries);
        CatalogStandIn.register("main", stored);
        return stored;
    }

    private static Archives.Entry file(String name, String content, Instant mtime) {
        return new Archives.Entry(name, BackupManifest.FileType.FILE, content.getBytes(StandardCharsets.UTF_8), 0644,
                mtime, null);
    }

    private static int indexOf(List<BackupManifest.FileEntry> files, String path) {
        for (int i = 0; i < files.size(); i++) {
            if (files.get(i).path().equals(path)) {
                return i;
            }
        }
        throw new AssertionError(path + " not in manifest");
    }

    private static RestoreRequested request(String backupId, Path destination, boolean overwrite, List<String> include) {
        return new RestoreRequested(UniqueNames.id("restore"), backupId, null, null,
                new RestoreDestination(RestoreDestination.Kind.DIRECTORY, destination.toString(), null), overwrite,
                include, false, "restore-it", Instant.now());
    }

    private static void send(Object data) throws Exception {
        String topic = data instanceof DeleteRequested ? Topics.BACKUP_DELETIONS : Topics.RESTORE_REQUESTS;
        String key = data instanceof DeleteRequested d ? d.backupId() : ((RestoreRequested) data).restoreId();
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
                CODEC.encode(CODEC.create("/restore-it", key, data)))).get();
    }

    private static RestoreCompleted completed(RestoreRequested request) throws Exception {
        Object outcome = outcome(request);
        assertInstanceOf(RestoreCompleted.class, outcome, () -> "restore failed: " + outcome);
        return (RestoreCompleted) outcome;
    }

    private static RestoreFailed failed(RestoreRequested request) throws Exception {
        Object outcome = outcome(request);
        assertInstanceOf(RestoreFailed.class, outcome, () -> "restore did not fail: " + outcome);
        return (RestoreFailed) outcome;
    }

    private static Object outcome(RestoreRequested request) throws Exception {
        send(request);
        return awaitOutcome(request.restoreId());
    }

    private static Object awaitOutcome(String id) {
        Predicate<Object> terminal = data -> data instanceof RestoreCompleted c && id.equals(c.restoreId())
                || data instanceof RestoreFailed f && id.equals(f.restoreId());
        List<ConsumerRecord<byte[], byte[]>> records = broker.readUntil(Topics.RESTORE_EVENTS,
                list -> list.stream().map(RestoreIT::data).anyMatch(terminal), TIMEOUT);
        return records.stream().map(RestoreIT::data).filter(terminal).findFirst().orElseThrow();
    }

    /** The reason header of the dead letter {@code backup.deletions.dlq} holds for a request of {@code backupId}. */
    private static String deadLetterReason(String backupId) {
        String dlq = Topics.dlq(Topics.BACKUP_DELETIONS);
        byte[] id = backupId.getBytes(StandardCharsets.UTF_8);
        Predicate<ConsumerRecord<byte[], byte[]>> ours = r -> Arrays.equals(id, r.key());
        List<ConsumerRecord<byte[], byte[]>> records = broker.readUntil(dlq,
                list -> list.stream().filter(ours).count() > DEAD_LETTERS.getOrDefault(backupId, 0), TIMEOUT);
        List<ConsumerRecord<byte[], byte[]>> mine = records.stream().filter(ours).toList();
        DEAD_LETTERS.put(backupId, mine.size());
        return new String(mine.get(mine.size() - 1).headers().lastHeader(DeadLetterHeaders.REASON).value(),
                StandardCharsets.UTF_8);
    }

    private static <T> T backupEvent(Class<T> type, Predicate<T> match) {
        Predicate<Object> wanted = data -> type.isInstance(data) && match.test(type.cast(data));
        List<ConsumerRecord<byte[], byte[]>> records = broker.readUntil(Topics.BACKUP_EVENTS,
                list -> list.stream().map(RestoreIT::data).anyMatch(wanted), TIMEOUT);
        return type.cast(records.stream().map(RestoreIT::data).filter(wanted).findFirst().orElseThrow());
    }

    private static Object data(ConsumerRecord<byte[], byte[]> record) {
        try {
            CloudEvent<?> event = CODEC.decode(record.value());
            return event.data();
        } catch (Exception e) {
            return null;
        }
    }

    private static List<String> siblingsOf(Path path) throws IOException {
        try (Stream<Path> list = Files.list(path.getParent())) {
            return list.map(p -> p.getFileName().toString())
                    .filter(n -> n.contains(path.getFileName().toString())).sorted().toList();
        }
    }

    /** Every path under {@code root} except the restore marker: type, mode, mtime and content or link target. */
    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> result = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                String name = root.relativize(path).toString();
                if (path.equals(root) || name.equals("restore.done")) {
                    continue;
                }
                long mtime = Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).toMillis() / 1000;
                if (Files.isSymbolicLink(path)) {
                    result.put(name, "link " + Files.readSymbolicLink(path) + " " + mtime);
                } else {
                    String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
                    result.put(name, (Files.isDirectory(path) ? "dir" : "file " + TreeFixtures.sha256(path))
                            + " " + mode + " " + mtime);
                }
            }
        }
        return result;
    }

    /**
     * Nested directories, zero-byte files, a 3 MiB random file, unicode names, a path over 100 characters,
     * symbolic links to a file and a directory, an empty directory, a read-only directory and varied modes; every
     * mtime set explicitly.
     */
    private static void generateTree(Path root) throws IOException {
        Random random = new Random(42);
        Files.createDirectories(root.resolve("a/b/c"));
        Files.writeString(root.resolve("a/b/c/deep.txt"), "deep\n");
        Files.writeString(root.resolve("a/top.txt"), "top\n");
        byte[] big = new byte[3 * 1024 * 1024 + 123];
        random.nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        Files.write(root.resolve("empty.bin"), new byte[0]);
        Files.createDirectories(root.resolve("empty-dir"));
        Files.writeString(root.resolve("ünïcødé-名前.txt"), "unicode\n");
        Path longPath = root.resolve("long/" + "x".repeat(70) + "/" + "y".repeat(60) + ".txt");
        Files.createDirectories(longPath.getParent());
        Files.writeString(longPath, "long\n");
        Files.writeString(root.resolve("script.sh"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(root.resolve("script.sh"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.writeString(root.resolve("secret"), "secret\n");
        Files.setPosixFilePermissions(root.resolve("secret"), PosixFilePermissions.fromString("rw-------"));
        Files.createDirectories(root.resolve("ro-dir"));
        Files.writeString(root.resolve("ro-dir/inside.txt"), "inside\n");
        Files.createSymbolicLink(root.resolve("link-to-deep"), Path.of("a/b/c/deep.txt"));
        Files.createSymbolicLink(root.resolve("link-dir"), Path.of("a"));
        List<Path> all;
        try (Stream<Path> walk = Files.walk(root)) {
            all = walk.filter(p -> !p.equals(root)).sorted((x, y) -> y.getNameCount() - x.getNameCount()).toList();
        }
        long seconds = T0.getEpochSecond() - 86_400;
        for (Path path : all) {
            Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(FileTime.from(Instant.ofEpochSecond(seconds -= 97)), null, null);
        }
        Files.setPosixFilePermissions(root.resolve("ro-dir"), PosixFilePermissions.fromString("r-xr-xr-x"));
    }
}
