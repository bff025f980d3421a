package io.backstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Prometheus configuration, alert rules and the Grafana dashboard: valid for promtool (CI installs it; without it
 * the YAML still has to parse) and naming only metrics that docs/metrics.md documents.
 */
class MonitoringConfigTest {

    private static final Pattern METRIC = Pattern.compile("\\b((?:backstream|kafka_consumer)_[a-z_]+)");
    private static final Path ROOT = Repo.root();
    /** Where docker-compose mounts the viewer token Prometheus scrapes with. */
    private static final String SCRAPE_TOKEN = "/etc/backstream/security/prometheus.token";

    @Test
    void promtoolAcceptsTheConfigurationAndTheRules() throws Exception {
        Path promtool = List.of(Path.of("/usr/bin/promtool"), Path.of("/usr/local/bin/promtool")).stream()
                .filter(Files::isExecutable).findFirst().orElse(null);
        Path dir = ROOT.resolve("deploy/prometheus");
        if (promtool == null) {
            // CI installs promtool (.ci/run); elsewhere the files must at least be well-formed YAML
            assertTrue(Repo.yaml(dir.resolve("prometheus.yml")).has("scrape_configs"));
            assertTrue(Repo.yaml(dir.resolve("alerts.yml")).path("groups").size() > 0);
            return;
        }
        // promtool opens the credentials file, which only the compose stack's tokens-init makes
        Path checked = Files.createTempDirectory("prometheus-config");
        Path token = Files.writeString(checked.resolve("prometheus.token"), "bst_example");
        Files.copy(dir.resolve("alerts.yml"), checked.resolve("alerts.yml"));
        Path config = Files.writeString(checked.resolve("prometheus.yml"),
                Files.readString(dir.resolve("prometheus.yml")).replace(SCRAPE_TOKEN, token.toString()));
        run(promtool.toString(), "check", "config", config.toString());
        run(promtool.toString(), "check", "rules", dir.resolve("alerts.yml").toString());
        run(promtool.toString(), "test", "rules", dir.resolve("alerts-test.yml").toString());
    }

    /** Every service's /prometheus needs a token unless metrics-open is set, so every job sends one. */
    @Test
    void everyScrapeJobSendsTheViewerTokenOfTheComposeStack() throws IOException {
        JsonNode jobs = Repo.yaml(ROOT.resolve("deploy/prometheus/prometheus.yml")).path("scrape_configs");
        assertTrue(jobs.size() >= 5, jobs.toString());
        for (JsonNode job : jobs) {
            assertEquals(SCRAPE_TOKEN, job.path("authorization").path("credentials_file").asText(),
                    job.path("job_name").asText());
        }
    }

    @Test
    void rulesAndDashboardNameOnlyDocumentedMetrics() throws IOException {
        String docs = Files.readString(ROOT.resolve("docs/metrics.md"));
        List<String> undocumented = new ArrayList<>();
        for (Path file : List.of(ROOT.resolve("deploy/prometheus/alerts.yml"),
                ROOT.resolve("deploy/grafana/dashboards/backstream.json"))) {
            for (String metric : metrics(Files.readString(file))) {
                if (!docs.contains("`" + metric + "`") && !docs.contains("`" + base(metric) + "`")) {
                    undocumented.add(ROOT.relativize(file) + ": " + metric);
                }
            }
        }
        assertEquals(List.of(), undocumented);
    }

    @Test
    void theIssuesRequiredMetricsAreDocumented() throws IOException {
        String docs = Files.readString(ROOT.resolve("docs/metrics.md"));
        for (String metric : List.of("backstream_backup_runs_total", "backstream_backup_skipped_total",
                "backstream_backup_duration_seconds", "backstream_backup_last_success_timestamp_seconds",
                "backstream_upload_bytes_total", "backstream_restore_runs_total", "backstream_restore_bytes_total",
                "backstream_dlq_records_total", "kafka_consumer_records_lag_records")) {
            assertTrue(docs.contains("`" + metric + "`"), metric + " in docs/metrics.md");
        }
    }

    private static TreeSet<String> metrics(String text) {
        TreeSet<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Timers export _count, _sum and _max series under one documented name. */
    private static String base(String metric) {
        return metric.replaceAll("_(count|sum|max|bucket)$", "");
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + output);
    }
}
