package io.backstream.devstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.backstream.testkit.KafkaBroker;
import io.backstream.testkit.S3Server;
import io.backstream.testkit.ServiceConfigs;
import io.backstream.testkit.ServiceProcess;
import io.backstream.testkit.TestTokens;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * Runs all of Backstream on one machine with embedded defaults: a real Kafka broker, an S3 API
 * server on local files, the catalog on an H2 file and the five services, each in its own JVM,
 * with a worker that owns a sample directory target and a sample policy. State lives in the data
 * directory, so a second start continues where the first stopped.
 */
@Command(name = "dev-stack", mixinStandardHelpOptions = true,
        description = "Starts Kafka, an S3 server and every Backstream service on their default ports.")
public final class DevStack implements Callable<Integer> {

    static final int KAFKA_PORT = 9092;
    static final int S3_PORT = 9000;
    static final String BUCKET = "backstream";
    private static final String S3_PROFILE = "backstream";
    static final String SAMPLE_TARGET = "sample";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final Map<String, Integer> PORTS = Map.of("scheduler-svc", 8081, "snapshot-worker", 8082,
            "uploader-svc", 8083, "catalog-svc", 8084, "restore-svc", 8085);

    @Option(names = "--data-dir", defaultValue = ".backstream",
            description = "Where the broker log, S3 objects, catalog, logs and stack.json live (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--target", paramLabel = "NAME=PATH",
            description = "A directory target for the embedded worker (repeatable). Default: a generated sample.")
    Map<String, Path> targets = new LinkedHashMap<>();

    @Option(names = "--demo",
            description = "Back up the first target, list the catalog, restore into a new directory, compare it "
                    + "with the source, print a summary and exit (non-zero on any difference).")
    boolean demo;

    @Option(names = "--services-dir", defaultValue = ".",
            description = "The checkout whose <service>/target/<service>.jar are started (default: ${DEFAULT-VALUE}).")
    Path servicesDir;

    public static void main(String[] args) {
        System.exit(new CommandLine(new DevStack()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        String busy = busyPorts();
        if (!busy.isEmpty()) {
            System.err.println("Cannot start: " + busy + ". Stop what uses it, or the stack that is already running.");
            return 2;
        }
        Path data = dataDir.toAbsolutePath().normalize();
        Map<String, Path> directoryTargets = new LinkedHashMap<>(targets);
        Path policies = null;
        if (directoryTargets.isEmpty()) {
            directoryTargets.put(SAMPLE_TARGET, SampleData.ensureTree(data.resolve("sample-data")));
            policies = SampleData.ensurePolicy(data.resolve("policies.yml"), SAMPLE_TARGET);
        }
        Path restoreRoot = Files.createDirectories(data.resolve("restores"));
        DevTokens tokens = DevTokens.ensure(data.resolve("security"));

        List<AutoCloseable> started = new CopyOnWriteArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopAll(started);
            stopped.countDown();
        }, "dev-stack-shutdown"));
        List<ServiceProcess> services = new ArrayList<>();
        KafkaBroker kafka;
        S3Server s3;
        try {
            System.out.println("Starting Kafka on 127.0.0.1:" + KAFKA_PORT + " ...");
            kafka = KafkaBroker.start(data.resolve("kafka"), KAFKA_PORT);
            started.add(kafka);
            System.out.println("Starting the S3 server on 127.0.0.1:" + S3_PORT + " ...");
            s3 = S3Server.start(data.resolve("s3"), S3_PORT);
            started.add(s3);
            s3.createBucket(BUCKET);

            Map<String, Map<String, Object>> configs = ServiceConfigs.secured(ServiceConfigs.forStack(
                    new ServiceConfigs.Settings(ServiceConfigs.S3.of(s3, BUCKET),
                            ServiceConfigs.h2(data.resolve("catalog").resolve("catalog")), directoryTargets,
                            8 * 1024 * 1024, data, restoreRoot, PORTS.get("catalog-svc"), policies, null)),
                    tokens.tokensFile(), tokens.catalogTokenFile());
            for (String name : ServiceConfigs.SERVICES) {
                Path config = ServiceConfigs.write(data.resolve("config"), name, configs.get(name));
                ServiceProcess process = ServiceConfigs.start(name, PORTS.get(name), servicesDir, config,
                        kafka.bootstrapServers(), data.resolve("logs"));
                services.add(process);
                started.add(process);
            }
            for (ServiceProcess service : services) {
                service.awaitReady(READY_TIMEOUT);
                System.out.println("  " + service.name() + " ready at " + service.url());
            }
            Path stackFile = writeStackFile(data, kafka, s3, services, tokens);
            printSummary(kafka, s3, services, directoryTargets, stackFile, tokens);
        } catch (RuntimeException e) {
            System.err.println("Start-up failed: " + e.getMessage());
            return 1;
        }
        if (demo) {
            Map.Entry<String, Path> target = directoryTargets.entrySet().iterator().next();
            String adminToken = Files.readString(tokens.adminTokenFile()).strip();
            boolean identical = new Demo(url(services, "scheduler-svc"), url(services, "catalog-svc"),
                    url(services, "restore-svc"), adminToken, System.out)
                    .run(target.getKey(), target.getValue(), restoreRoot);
            System.out.println(identical ? "Demo passed: the restore is identical to the source."
                    : "Demo FAILED: the restore differs from the source (logs in " + data.resolve("logs") + ").");
            return identical ? 0 : 1;
        }
        stopped.await();
        return 0;
    }

    private static java.net.URI url(List<ServiceProcess> services, String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().url();
    }

    private static String busyPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("Kafka", KAFKA_PORT);
        ports.put("S3", S3_PORT);
        ServiceConfigs.SERVICES.forEach(name -> ports.put(name, PORTS.get(name)));
        List<String> busy = new ArrayList<>();
        ports.forEach((name, port) -> {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
            } catch (IOException e) {
                busy.add("port " + port + " (" + name + ") is already in use");
            }
        });
        return String.join(", ", busy);
    }

    /**
     * The endpoints for backupctl and scripts, 0600 like every file that leads to a secret. It names the files
     * that hold secrets and holds none: the S3 keys are in an AWS shared-credentials file (profile
     * {@value #S3_PROFILE}) beside the tokens, so {@code AWS_SHARED_CREDENTIALS_FILE=... AWS_PROFILE=backstream aws}
     * works without copying a key anywhere.
     */
    private static Path writeStackFile(Path data, KafkaBroker kafka, S3Server s3, List<ServiceProcess> services,
                                       DevTokens tokens) throws IOException {
        Map<String, Object> stack = new LinkedHashMap<>();
        stack.put("kafka", Map.of("bootstrapServers", kafka.bootstrapServers()));
        Path credentials = TestTokens.writePrivate(tokens.tokensFile().resolveSibling("s3-credentials"),
                "[" + S3_PROFILE + "]\naws_access_key_id = " + s3.accessKey() + "\naws_secret_access_key = "
                        + s3.secretKey() + "\n");
        Map<String, Object> objectStore = new LinkedHashMap<>();
        objectStore.put("endpoint", s3.endpoint().toString());
        objectStore.put("bucket", BUCKET);
        objectStore.put("region", s3.region());
        objectStore.put("credentialsFile", credentials.toString());
        objectStore.put("profile", S3_PROFILE);
        stack.put("s3", objectStore);
        Map<String, String> urls = new LinkedHashMap<>();
        services.forEach(service -> urls.put(service.name(), service.url().toString()));
        stack.put("services", urls);
        stack.put("logs", data.resolve("logs").toString());
        stack.put("tokenFile", tokens.adminTokenFile().toString());
        return TestTokens.writePrivate(data.resolve("stack.json"),
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(stack) + "\n");
    }

    private static void printSummary(KafkaBroker kafka, S3Server s3, List<ServiceProcess> services,
                                     Map<String, Path> targets, Path stackFile, DevTokens tokens) {
        System.out.println();
        System.out.println("Backstream is running." + " Press Ctrl-C to stop.");
        System.out.printf("  %-16s %s%n", "Kafka", kafka.bootstrapServers());
        System.out.printf("  %-16s %s (bucket %s)%n", "S3", s3.endpoint(), BUCKET);
        for (ServiceProcess service : services) {
            System.out.printf("  %-16s %s  (health %s/health, metrics %s/prometheus)%n",
                    service.name(), service.url(), service.url(), service.url());
        }
        targets.forEach((id, path) -> System.out.printf("  %-16s %s -> %s%n", "target", id, path));
        System.out.println("  Status page      http://127.0.0.1:" + PORTS.get("catalog-svc") + "/status");
        System.out.println("  Endpoints written to " + stackFile);
        System.out.println("  Admin API token  in " + tokens.adminTokenFile() + " (backupctl reads it through stack.json)");
        System.out.println("    curl -H \"Authorization: Bearer $(cat " + tokens.adminTokenFile() + ")\" http://127.0.0.1:"
                + PORTS.get("catalog-svc") + "/v1/backups");
        System.out.println("    more tokens: " + tokens.tokensFile() + " (see docs/security.md)");
    }

    /** Stops in reverse start order: services first, the broker last. */
    private static void stopAll(List<AutoCloseable> started) {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("While stopping: " + e.getMessage());
            }
        }
    }
}
