package io.backstream.catalog.api;

import io.backstream.schema.BackupType;
import io.backstream.schema.CloudEvent;
import io.backstream.schema.Compression;
import io.backstream.schema.EventCodec;
import io.backstream.schema.EventType;
import io.backstream.schema.TargetKind;
import io.backstream.schema.Topics;
import io.backstream.schema.event.BackupRequested;
import io.backstream.schema.event.RestoreDestination;
import io.backstream.schema.event.RestoreProgress;
import io.backstream.schema.event.RestoreStarted;
import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.event.SnapshotFailed;
import io.backstream.schema.event.SnapshotStarted;
import io.backstream.schema.event.TargetAnnounced;
import io.backstream.schema.event.UploadCompleted;
import io.backstream.support.security.Roles;
import io.backstream.support.security.TestApiAccess;
import io.backstream.testkit.Await;
import io.backstream.testkit.KafkaBroker;
import io.backstream.testkit.Postgres;
import io.backstream.testkit.TestTokens;
import io.backstream.testkit.UniqueNames;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The status page rendered by a real browser (Debian's headless Chromium) against the catalog on the real broker and
 * PostgreSQL: what it shows must be what the catalog's API says. Saves the screenshot to {@code docs/status-page.png}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatusPageIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String SHA = "d".repeat(64);
    private static final EventCodec CODEC = new EventCodec();
    private static final TestTokens.Token VIEWER = TestTokens.generate("status-viewer", Roles.VIEWER);

    private static EmbeddedServer server;
    private static HttpClient http;
    private static BlockingHttpClient client;
    private static KafkaProducer<byte[], byte[]> producer;
    private static String chromium;

    @BeforeAll
    static void start() {
        chromium = findChromium();
        KafkaBroker broker = KafkaBroker.shared();
        for (String topic : List.of(Topics.BACKUP_EVENTS, Topics.BACKUP_REQUESTS, Topics.BACKUP_DELETIONS,
                Topics.RESTORE_EVENTS, Topics.BACKUP_TARGETS)) {
            Topics.TopicSpec spec = Topics.spec(topic);
            broker.createTopic(topic, spec.partitions(), spec.configs());
        }
        Postgres postgres = Postgres.shared();
        String database = postgres.createUniqueDatabase("status");
        Map<String, Object> properties = new HashMap<>();
        properties.put("datasources.default.url", postgres.jdbcUrl(database));
        properties.put("datasources.default.username", postgres.username());
        properties.put("datasources.default.password", postgres.password());
        properties.put("datasources.default.driver-class-name", "org.postgresql.Driver");
        properties.put("datasources.default.dialect", "POSTGRES");
        properties.put("micronaut.server.port", -1);
        properties.put("kafka.bootstrap.servers", broker.bootstrapServers());
        properties.put("backstream.topics.retry-interval", "1s");
        properties.putAll(TestApiAccess.properties(VIEWER));
        server = ApplicationContext.run(EmbeddedServer.class, properties);
        http = HttpClient.create(server.getURL());
        client = TestApiAccess.authorized(http.toBlocking());
        producer = broker.newProducer();
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close();
        }
        if (http != null) {
            http.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void theBrowserShowsTargetsFailuresAndRunningWorkAsTheCatalogKnowsThem() throws Exception {
        String app = UniqueNames.id("app-data");
        String db = UniqueNames.id("orders-db");
        String reason = "pre-hook pg_dump exited with 1: connection refused";
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        publish(CODEC.create("/it", app, new TargetAnnounced(app, "worker-a", TargetKind.DIRECTORY,
                "uploaded files", now.minus(3, ChronoUnit.HOURS))));
        publish(CODEC.create("/it", db, new TargetAnnounced(db, "worker-b", TargetKind.POSTGRES, "orders database",
                now.minus(3, ChronoUnit.HOURS))));
        List<String> completed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = UniqueNames.id("done");
            completed.add(id);
            complete(id, i % 2 == 0 ? app : db, (i + 1) * 3L * 1024 * 1024, now.minus(150 - i * 40L, ChronoUnit.MINUTES));
        }
        String failed = UniqueNames.id("failed");
        Instant failedAt = now.minus(20, ChronoUnit.MINUTES);
        publish(CODEC.create("/it", failed, requested(failed, db, failedAt)));
        publish(CODEC.create("/it", failed, started(failed, db, TargetKind.POSTGRES, failedAt.plusSeconds(1))));
        publish(CODEC.create("/it", failed, new SnapshotFailed(failed, db, "worker-b", reason,
                failedAt.plusSeconds(2))));
        String running = UniqueNames.id("running");
        publish(CODEC.create("/it", running, requested(running, app, now.minusSeconds(30))));
        publish(CODEC.create("/it", running, started(running, app, TargetKind.DIRECTORY, now.minusSeconds(29))));
        String restore = UniqueNames.id("restore");
        publish(CODEC.create("/it", restore, new RestoreStarted(restore, List.of(completed.get(0)),
                new RestoreDestination(RestoreDestination.Kind.DIRECTORY, "/restore/app", null), 8_000_000,
                now.minusSeconds(10))));
        publish(CODEC.create("/it", restore, new RestoreProgress(restore, 2_000_000, 8_000_000, now.minusSeconds(5))));

        Await.until(TIMEOUT, () -> {
            Map<String, Object> restoreView = getJson("/v1/restores/" + restore);
            return "FAILED".equals(status("/v1/backups/" + failed)) && "SNAPSHOTTING".equals(status("/v1/backups/" + running))
                    && completed.stream().allMatch(id -> "COMPLETED".equals(status("/v1/backups/" + id)))
                    && restoreView != null && ((Number) restoreView.get("bytesDone")).longValue() == 2_000_000;
        }, "the catalog to project every published event");

        // what the catalog's API says, computed independently of the page's script
        int targets = items("/v1/targets").size();
        long failures = items("/v1/stats", "targets").stream()
                .mapToLong(t -> ((Number) t.get("failed")).longValue()).sum();
        int runningBackups = items("/v1/backups?status=SNAPSHOTTING").size() + items("/v1/backups?status=UPLOADING").size();
        long runningRestores = items("/v1/restores").stream()
                .filter(r -> List.of("REQUESTED", "RUNNING").contains(r.get("status"))).count();
        assertEquals(2, targets);
        assertEquals(1, failures);

        String page = server.getURL() + "/status#token=" + VIEWER.secret();
        String dom = renderedDom(page, "data-ready=\"true\"");
        assertEquals(String.valueOf(targets), text(dom, "count-targets"), "target count on the page");
        assertEquals(String.valueOf(failures), text(dom, "count-failures"), "failure count on the page");
        assertEquals(String.valueOf(runningBackups), text(dom, "count-running-backups"), "running backups on the page");
        assertEquals(String.valueOf(runningRestores), text(dom, "count-running-restores"), "running restores on the page");
        assertTrue(dom.contains("data-target=\"" + app + "\"") && dom.contains("data-target=\"" + db + "\""),
                "both targets are rows of the targets table");
        assertTrue(dom.contains("data-backup=\"" + failed + "\""), "the failed backup is listed");
        assertTrue(dom.contains(reason), "the failure reason is shown");
        assertTrue(dom.contains("data-running-backup=\"" + running + "\"") && dom.contains("stage 2 of 3"),
                "the running backup is listed at its stage");
        assertTrue(dom.contains("data-running-restore=\"" + restore + "\"") && dom.contains("25% of 7.6 MiB"),
                "the running restore shows its progress");
        assertTrue(dom.contains("18.0 MiB"), "the stored total sums the completed backups (3+6+9 MiB)");
        assertTrue(Pattern.compile("<svg id=\"storage-chart\"[^>]*>.*<path d=\"M", Pattern.DOTALL).matcher(dom).find(),
                "the storage chart has a line");

        Path screenshot = docsDirectory().resolve("status-page.png");
        screenshot(page, screenshot);
        byte[] png = Files.readAllBytes(screenshot);
        assertTrue(png.length > 10_000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G',
                "a PNG screenshot was written to " + screenshot);
    }

    /** Runs after the catalog holds the first test's targets, so that "no data" has data to leak. */
    @Test
    @Order(2)
    void withoutAValidTokenThePageShowsTheSignInFormAndNoData() throws Exception {
        assertTrue(!items("/v1/targets").isEmpty(), "the catalog has targets the page could show");

        String anonymous = renderedDom(server.getURL() + "/status", "data-sign-in=\"true\"");
        assertTrue(anonymous.contains("id=\"sign-in\"") && anonymous.contains("type=\"password\""),
                "a visitor without a token gets the sign-in form");
        assertTrue(!anonymous.contains("data-target=") && !anonymous.contains("data-ready"),
                "and none of the catalog's data");
        assertEquals("–", text(anonymous, "count-targets"));

        String refused = renderedDom(server.getURL() + "/status#token=not-a-token", "data-sign-in=\"true\"");
        assertEquals("the catalog did not accept this token", text(refused, "sign-in-reason"));
        assertTrue(!refused.contains("data-target="), "a wrong token shows no data either");
    }

    private void complete(String id, String target, long bytes, Instant at) throws Exception {
        TargetKind kind = target.startsWith("app") ? TargetKind.DIRECTORY : TargetKind.POSTGRES;
        publish(CODEC.create("/it", id, requested(id, target, at)));
        publish(CODEC.create("/it", id, started(id, target, kind, at.plusSeconds(1))));
        publish(CODEC.create("/it", id, new SnapshotCompleted(id, target, kind, "worker", BackupType.FULL, null,
                Compression.ZSTD, null, "s3", "nightly", 1, bytes * 3, bytes, SHA, 42, List.of(), at.plusSeconds(1),
                at.plusSeconds(30))));
        publish(CODEC.create("/it", id, new UploadCompleted(id, target, "s3", "backstream", "p/" + id + ".tar.zst",
                "p/" + id + ".tar.zst.manifest.json", bytes, SHA, "etag", 1, at.plusSeconds(60))));
    }

    private static BackupRequested requested(String id, String target, Instant at) {
        return new BackupRequested(id, target, BackupType.FULL, null, "s3", Compression.ZSTD, null, null, "it",
                "nightly", at, at);
    }

    private static SnapshotStarted started(String id, String target, TargetKind kind, Instant at) {
        return new SnapshotStarted(id, target, kind, "worker", BackupType.FULL, null, Compression.ZSTD, "s3",
                "nightly", at);
    }

    private static void publish(CloudEvent<?> event) throws Exception {
        EventType type = EventType.fromType(event.type()).orElseThrow();
        producer.send(new ProducerRecord<>(type.topic(), type.key(event.data()).getBytes(StandardCharsets.UTF_8),
                CODEC.encode(event))).get();
    }

    private static String status(String uri) {
        Map<String, Object> body = getJson(uri);
        return body == null ? null : (String) body.get("status");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> getJson(String uri) {
        try {
            HttpResponse<String> response = client.exchange(HttpRequest.GET(uri), String.class);
            return JsonMapper.createDefault().readValue(response.body(), Map.class);
        } catch (io.micronaut.http.client.exceptions.HttpClientResponseException e) {
            if (e.getStatus().getCode() == 404) {
                return null;
            }
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Map<String, Object>> items(String uri) {
        return items(uri, "items");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(String uri, String field) {
        return (List<Map<String, Object>>) getJson(uri).get(field);
    }

    /** The text of the element with {@code id}; fails naming the id when the page does not have it. */
    private static String text(String dom, String id) {
        Matcher m = Pattern.compile("id=\"" + id + "\"[^>]*>([^<]*)<").matcher(dom);
        if (!m.find()) {
            fail("the rendered page has no element #" + id);
        }
        return m.group(1).trim();
    }

    /** Renders until the page's script puts {@code marker} on it; the virtual-time budget lets its fetches finish. */
    private static String renderedDom(String url, String marker) throws Exception {
        String[] dom = new String[1];
        Await.until(TIMEOUT, () -> {
            dom[0] = runChromium(url, "--dump-dom");
            return dom[0].contains(marker);
        }, "Chromium to render " + url + " showing " + marker);
        return dom[0];
    }

    private static void screenshot(String url, Path file) throws Exception {
        Files.deleteIfExists(file);
        runChromium(url, "--screenshot=" + file.toAbsolutePath(), "--window-size=1280,900",
                "--hide-scrollbars");
        assertTrue(Files.isRegularFile(file), "Chromium wrote no screenshot to " + file);
    }

    private static String runChromium(String url, String... mode) {
        Path profile = null;
        try {
            profile = Files.createTempDirectory("status-page-chromium");
            List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                    "--user-data-dir=" + profile, "--virtual-time-budget=5000"));
            command.addAll(List.of(mode));
            command.add(url);
            Path out = profile.resolve("stdout");
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectError(profile.resolve("stderr").toFile()).start();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("Chromium did not finish within " + TIMEOUT);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("Chromium exited with " + process.exitValue() + ": "
                        + Files.readString(profile.resolve("stderr")));
            }
            return Files.readString(out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary profile does not affect the result
        }
    }

    /** The browser is a declared test dependency (CI installs Debian's chromium); its absence is a failure. */
    private static String findChromium() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("StatusPageIT needs headless Chromium: install Debian's package with "
                + "'apt-get install -y chromium' (.ci/run does this)");
    }

    private static Path docsDirectory() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("docs"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no docs/ directory above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("docs");
    }
}
