package io.backstream.catalog.bench;

import io.backstream.catalog.domain.BackupCursor;
import io.backstream.catalog.domain.BackupQuery;
import io.backstream.catalog.domain.BackupStatus;
import io.backstream.catalog.domain.RestorePoints;
import io.backstream.catalog.persistence.BackupStore;
import io.backstream.schema.BackupType;
import io.backstream.support.security.TestApiAccess;
import io.backstream.testkit.Postgres;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

/**
 * Not a test: loads 1,000,000 backups into a real PostgreSQL (the test kit's embedded server), then measures
 * p50/p99 latency of the list query with filters and of restore-point resolution, and writes the "Catalog"
 * section of {@code docs/benchmarks.md}. Run with {@code catalog-svc/bench/run.sh [rows] [iterations]}.
 */
public final class CatalogBenchmark {

    private static final int TARGETS = 200;
    private static final int POLICIES = 20;
    private static final Instant BASE = Instant.parse("2025-11-01T00:00:00Z");
    /** Per target, one backup every 105 minutes: 5,000 per target spans about a year. */
    private static final long STEP_SECONDS = 105 * 60;

    private CatalogBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 3_000;
        Path docs = Paths.get(args.length > 2 ? args[2] : "docs/benchmarks.md");
        Path dir = Files.createTempDirectory("catalog-bench-");
        Postgres postgres = Postgres.start(dir, 0);
        try {
            String database = postgres.createUniqueDatabase("bench");
            Map<String, Object> properties = new HashMap<>(TestApiAccess.properties());
            properties.putAll(Map.of(
                    "micronaut.server.port", -1,
                    "datasources.default.url", postgres.jdbcUrl(database),
                    "datasources.default.username", postgres.username(),
                    "datasources.default.password", postgres.password(),
                    "datasources.default.driver-class-name", "org.postgresql.Driver",
                    "datasources.default.dialect", "POSTGRES",
                    "backstream.topics.enabled", false,
                    "kafka.enabled", false));
            try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties);
                 HttpClient http = HttpClient.create(server.getURL())) {
                long loadStart = System.nanoTime();
                load(postgres, database, rows);
                double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
                System.out.printf(Locale.ROOT, "loaded %,d rows in %.1f s%n", rows, loadSeconds);
                Map<String, double[]> results = measure(server.getApplicationContext().getBean(BackupStore.class),
                        TestApiAccess.authorized(http.toBlocking()), rows, iterations);
                String section = section(rows, iterations, loadSeconds, results);
                System.out.println(section);
                writeSection(docs, section);
            }
        } finally {
            postgres.close();
            deleteRecursively(dir);
        }
    }

    /** Generates the rows server-side: one INSERT ... SELECT over generate_series, then ANALYZE. */
    private static void load(Postgres postgres, String database, int rows) throws SQLException {
        String sql = """
                INSERT INTO backups (id, target_id, target_kind, policy_id, backup_type, parent_backup_id, storage,
                    compression, worker_id, status, failure_reason, created_at, requested_at, started_at, finished_at,
                    last_progress_at, snapshot_completed_at, chunk_count, raw_bytes, stored_bytes, snapshot_sha256,
                    file_count, upload_completed_at, bucket, object_key, manifest_key, upload_size, upload_sha256,
                    upload_chunk_count)
                SELECT 'b-' || lpad(i::text, 8, '0'),
                       't-' || (i %% %1$d),
                       'DIRECTORY',
                       'p-' || (i %% %2$d),
                       CASE WHEN (i / %1$d) %% 7 = 0 THEN 'FULL' ELSE 'INCREMENTAL' END,
                       CASE WHEN (i / %1$d) %% 7 = 0 THEN NULL ELSE 'b-' || lpad((i - %1$d)::text, 8, '0') END,
                       's3', 'ZSTD', 'worker-' || (i %% 10),
                       CASE WHEN i %% 29 = 0 THEN 'FAILED' WHEN i %% 31 = 0 THEN 'SKIPPED' ELSE 'COMPLETED' END,
                       CASE WHEN i %% 29 = 0 THEN 'timeout' END,
                       ts, ts, ts, ts + interval '5 minutes', ts + interval '5 minutes', ts + interval '4 minutes',
                       4, 400000000, 100000000, repeat('a', 64), 1000, ts + interval '5 minutes', 'backstream',
                       'k/b-' || i, 'k/b-' || i || '.manifest.json', 100000000, repeat('a', 64), 4
                FROM (SELECT i, timestamptz '%3$s' + ((i / %1$d) * %4$d + (i %% %1$d)) * interval '1 second' AS ts
                      FROM generate_series(0, %5$d - 1) AS i) AS g
                """.formatted(TARGETS, POLICIES, BASE, STEP_SECONDS, rows);
        try (Connection connection = postgres.dataSource(database).getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
            statement.execute("ANALYZE backups");
        }
    }

    private static Map<String, double[]> measure(BackupStore store, BlockingHttpClient http, int rows,
                                                 int iterations) {
        Random random = new Random(42);
        long spanSeconds = (long) (rows / TARGETS) * STEP_SECONDS;
        Map<String, IntConsumer> cases = new LinkedHashMap<>();
        cases.put("list: target + status + type, newest 50", i -> store.listBackups(new BackupQuery(
                target(random), null, BackupStatus.COMPLETED, BackupType.FULL, null, null, true, null, 51, List.of())));
        cases.put("list: policy + from/to (7 days), newest 50", i -> {
            Instant from = BASE.plusSeconds((long) (random.nextDouble() * spanSeconds));
            store.listBackups(new BackupQuery(null, "p-" + random.nextInt(POLICIES), null, null, from,
                    from.plus(7, ChronoUnit.DAYS), true, null, 51, List.of()));
        });
        cases.put("list: status FAILED, oldest 50 after a cursor", i -> {
            Instant at = BASE.plusSeconds((long) (random.nextDouble() * spanSeconds));
            store.listBackups(new BackupQuery(null, null, BackupStatus.FAILED, null, null, null, false,
                    new BackupCursor(at, "b-", false), 51, List.of()));
        });
        cases.put("list: no filter, page 2 via cursor", i -> {
            Instant at = BASE.plusSeconds((long) (random.nextDouble() * spanSeconds));
            store.listBackups(new BackupQuery(null, null, null, null, null, null, true,
                    new BackupCursor(at, "b-99999999", true), 51, List.of()));
        });
        cases.put("HTTP GET /v1/backups?target&status&type&limit=50", i -> http.retrieve(HttpRequest.GET(
                "/v1/backups?target=" + target(random) + "&status=COMPLETED&type=INCREMENTAL&limit=50")));
        cases.put("restore point: store + RestorePoints.resolve", i -> {
            Instant at = BASE.plusSeconds((long) (random.nextDouble() * spanSeconds));
            RestorePoints.resolve(store.restorePointCandidates(target(random), at).stream()
                    .map(b -> new RestorePoints.Candidate(b.id(), b.type(), b.status(), b.parentBackupId(),
                            b.createdAt()))
                    .toList(), at);
        });
        cases.put("HTTP GET /v1/targets/{id}/restore-point?at", i -> {
            Instant at = BASE.plusSeconds(STEP_SECONDS * 7 + (long) (random.nextDouble() * (spanSeconds
                    - STEP_SECONDS * 7)));
            http.retrieve(HttpRequest.GET("/v1/targets/" + target(random) + "/restore-point?at=" + at));
        });
        Map<String, double[]> results = new LinkedHashMap<>();
        for (Map.Entry<String, IntConsumer> c : cases.entrySet()) {
            for (int i = 0; i < Math.max(100, iterations / 10); i++) {
                c.getValue().accept(i);
            }
            double[] millis = new double[iterations];
            for (int i = 0; i < iterations; i++) {
                long start = System.nanoTime();
                c.getValue().accept(i);
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
            java.util.Arrays.sort(millis);
            results.put(c.getKey(), new double[] {percentile(millis, 50), percentile(millis, 99),
                    millis[millis.length - 1]});
            System.out.printf(Locale.ROOT, "%-55s p50 %6.2f ms  p99 %6.2f ms%n", c.getKey(),
                    percentile(millis, 50), percentile(millis, 99));
        }
        return results;
    }

    private static String target(Random random) {
        return "t-" + random.nextInt(TARGETS);
    }

    private static double percentile(double[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static String section(int rows, int iterations, double loadSeconds, Map<String, double[]> results) {
        StringBuilder text = new StringBuilder();
        text.append("## Catalog\n\n")
                .append(String.format(Locale.ROOT, "%,d backups (%d targets, %d policies, about a year of history, "
                        + "every 7th per target FULL, the rest INCREMENTAL chains; 3%% FAILED, 3%% SKIPPED) in "
                        + "PostgreSQL 17 (test kit embedded server, default settings), loaded in %.0f s. "
                        + "%,d timed iterations per query after warm-up, one client thread, on the shared 2-core "
                        + "machine. Aim: p99 under 50 ms.%n%n", rows, TARGETS, POLICIES, loadSeconds, iterations))
                .append("Run: `catalog-svc/bench/run.sh` (optional arguments: rows, iterations). Measured ")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(".\n\n")
                .append("| query | p50 ms | p99 ms | max ms |\n|---|---:|---:|---:|\n");
        results.forEach((name, r) -> text.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f |%n",
                name, r[0], r[1], r[2])));
        return text.toString();
    }

    /** Replaces the "## Catalog" section (up to the next "## " heading) or appends it; other sections stay. */
    static void writeSection(Path docs, String section) throws IOException {
        String existing = Files.exists(docs) ? Files.readString(docs, StandardCharsets.UTF_8) : "# Benchmarks\n";
        List<String> lines = new ArrayList<>(existing.lines().toList());
        int start = lines.indexOf("## Catalog");
        String result;
        if (start < 0) {
            result = existing.stripTrailing() + "\n\n" + section;
        } else {
            int end = start + 1;
            while (end < lines.size() && !lines.get(end).startsWith("## ")) {
                end++;
            }
            List<String> kept = new ArrayList<>(lines.subList(0, start));
            kept.addAll(section.stripTrailing().lines().toList());
            if (end < lines.size()) {
                kept.add("");
                kept.addAll(lines.subList(end, lines.size()));
            }
            result = String.join("\n", kept) + "\n";
        }
        Files.createDirectories(docs.toAbsolutePath().getParent());
        Files.writeString(docs, result, StandardCharsets.UTF_8);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
