package io.backstream.ctl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.backstream.schema.Topics;
import io.backstream.testkit.KafkaBroker;
import io.backstream.testkit.Postgres;
import io.backstream.testkit.S3Server;
import io.backstream.testkit.ServiceConfigs;
import io.backstream.testkit.ServiceProcess;
import io.backstream.testkit.TestTokens;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * scheduler-svc, catalog-svc and restore-svc from their runnable jars, each its own process with a generated YAML
 * config, against the test kit's Kafka, S3 server and PostgreSQL; the worker and uploader are played by the test.
 */
final class RunningServices implements AutoCloseable {

    static final String STORAGE = "s3";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    final KafkaBroker kafka;
    final S3Server s3;
    final String bucket;
    final Path restoreRoot;
    /** backupctl's token in {@link #environment()}, a viewer's, and the one restore-svc sends to the catalog. */
    final TestTokens.Token admin = TestTokens.generate("ctl-admin", "admin");
    final TestTokens.Token viewer = TestTokens.generate("ctl-viewer", "viewer");
    private final TestTokens.Token restoreService = TestTokens.generate("restore-svc", "viewer");
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();

    RunningServices(Path work) throws Exception {
        kafka = KafkaBroker.shared();
        // the worker and uploader, which own some of these topics, are played by the test
        for (Topics.TopicSpec topic : Topics.allWithDlqs()) {
            kafka.createTopic(topic.name(), topic.partitions(), topic.configs());
        }
        s3 = S3Server.shared();
        bucket = s3.createUniqueBucket("ctl");
        restoreRoot = Files.createDirectories(work.resolve("restores"));
        Postgres postgres = Postgres.shared();
        String catalogDb = postgres.createUniqueDatabase("ctl");
        Map<String, Object> s3Storage = Map.of("type", "s3", "bucket", bucket, "region", s3.region(),
                "endpoint", s3.endpoint().toString(), "path-style", true,
                "access-key", s3.accessKey(), "secret-key", s3.secretKey());
        int catalogPort = freePort();
        Map<String, Map<String, Object>> configs = new LinkedHashMap<>();
        configs.put("catalog-svc", Map.of("datasources", Map.of("default", Map.of(
                "url", postgres.jdbcUrl(catalogDb), "driver-class-name", "org.postgresql.Driver",
                "username", postgres.username(), "password", postgres.password(), "dialect", "POSTGRES"))));
        configs.put("scheduler-svc", Map.of("backstream", Map.of("scheduler", Map.of("max-wait", "5m"))));
        configs.put("restore-svc", Map.of("backstream", Map.of(
                "restore", Map.of("catalog-url", "http://127.0.0.1:" + catalogPort,
                        "allowed-roots", List.of(restoreRoot.toString()),
                        "scratch-dir", Files.createDirectories(work.resolve("scratch")).toString()),
                "storages", Map.of(STORAGE, s3Storage))));
        Path security = work.resolve("security");
        Path tokensFile = TestTokens.write(security.resolve("tokens.yml"), List.of(admin, viewer, restoreService));
        Path catalogTokenFile = TestTokens.writePrivate(security.resolve("restore-svc.token"), restoreService.secret());
        configs = ServiceConfigs.secured(configs, tokensFile, catalogTokenFile);
        for (Map.Entry<String, Map<String, Object>> config : configs.entrySet()) {
            String name = config.getKey();
            Path configFile = work.resolve(name + ".yml");
            Files.writeString(configFile, YAML.writeValueAsString(config.getValue()));
            Path jar = Path.of("..", name, "target", name + ".jar").toAbsolutePath().normalize();
            int port = name.equals("catalog-svc") ? catalogPort : freePort();
            services.put(name, ServiceProcess.start(name, port, jar, work.resolve("logs"), Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "MICRONAUT_CONFIG_FILES", configFile.toString())));
        }
        for (ServiceProcess service : services.values()) {
            service.awaitReady(Duration.ofSeconds(180));
        }
    }

    /** What a shell exporting these variables (as the dev stack's users do) gives backupctl: a token, no Kafka. */
    Map<String, String> environment() {
        return Map.of(
                "BACKSTREAM_SCHEDULER_URL", services.get("scheduler-svc").url().toString(),
                "BACKSTREAM_CATALOG_URL", services.get("catalog-svc").url().toString(),
                "BACKSTREAM_RESTORE_URL", services.get("restore-svc").url().toString(),
                "BACKSTREAM_TOKEN", admin.secret());
    }

    String url(String service) {
        return services.get(service).url().toString();
    }

    @Override
    public void close() throws InterruptedException {
        for (ServiceProcess service : services.values()) {
            service.stop();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
