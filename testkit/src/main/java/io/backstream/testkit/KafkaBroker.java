package io.backstream.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.resource.ResourcePattern;

/**
 * A real single-node Apache Kafka 4.3.1 broker (KRaft, combined broker and controller) running in
 * a child JVM on 127.0.0.1. Its data lives in {@link #dataDir()} and survives {@link #killHard()},
 * {@link #restart()} and a later {@link #start(Path, int)} on the same directory. The process never
 * outlives the JVM that started it (shutdown hook). Broker output goes to {@code broker.log} in the
 * data directory. Topics are never auto-created: call {@link #createTopic}.
 *
 * <p>{@link #startSecured(Path)} starts a separate broker whose client listener takes SASL/SCRAM-SHA-512
 * only and whose {@code StandardAuthorizer} denies what no ACL allows (see {@link BrokerSecurity}).
 * Every client this class creates ({@link #newAdmin()}, {@link #newProducer()}, {@link #readUntil})
 * then authenticates as the test kit's super user.
 */
public final class KafkaBroker implements AutoCloseable {

    /** Large enough for 8 MiB chunk records plus headers and batch overhead. */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private static final String CLASSPATH_RESOURCE = "io/backstream/kafka/broker.classpath";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    // Every chunk of every backup passes through the broker: it gets the server compiler (C1 alone
    // made it one of the data path's larger CPU users) and the parallel collector.
    private static final List<String> JVM_ARGS_BASE = List.of(
            "-Xms128m", "-Xmx512m", "-XX:+UseParallelGC",
            "-Djava.awt.headless=true");

    private static KafkaBroker shared;

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final BrokerSecurity security;
    private ChildJvm process;

    private KafkaBroker(Path dataDir, int port, int controllerPort, BrokerSecurity security) {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.security = security;
    }

    /**
     * The broker shared by every test in this JVM: started on first call on free ports in a temp
     * directory, stopped and deleted when the JVM exits. Tests must not close or kill it; a test
     * that needs to, starts its own with {@link #start(Path, int)}.
     */
    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            Path dir = Lifecycle.tempDir("backstream-kafka-");
            Lifecycle.closeOnExit(() -> Lifecycle.deleteRecursively(dir));
            shared = start(dir, 0);
        }
        return shared;
    }

    /**
     * Starts a broker on {@code dataDir} (created and formatted if new, reused as is otherwise) and
     * waits until it answers. {@code port} 0 picks a free port. The controller listens on another
     * free port.
     */
    public static KafkaBroker start(Path dataDir, int port) {
        return start(dataDir, port, null);
    }

    /**
     * Starts a broker on a new, empty {@code dataDir} on free ports whose only client listener is
     * SASL_PLAINTEXT with SCRAM-SHA-512, authorized by the KRaft {@code StandardAuthorizer} with
     * {@code allow.everyone.if.no.acl.found=false}. Users come from {@link #addUser}, their rights
     * from {@link #allow}. The credentials live in memory only, so the directory cannot be reused
     * by a later start; {@link #restart()} works.
     */
    public static KafkaBroker startSecured(Path dataDir) {
        return start(dataDir, 0, BrokerSecurity.generate());
    }

    private static KafkaBroker start(Path dataDir, int port, BrokerSecurity security) {
        Path absolute = dataDir.toAbsolutePath();
        KafkaBroker broker = new KafkaBroker(absolute, port == 0 ? Lifecycle.freePort() : port,
                Lifecycle.freePort(), security);
        Lifecycle.closeOnExit(broker);
        try {
            broker.format();
            broker.launch();
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    /** {@code 127.0.0.1:<port>}; the same across {@link #restart()}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The broker's own log (stdout and stderr of the child JVM). */
    public Path logFile() {
        return dataDir.resolve("broker.log");
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** SIGKILL the broker and wait until the process is gone; no clean shutdown happens. */
    public synchronized void killHard() {
        if (process != null) {
            process.killHard();
        }
    }

    /** Starts the broker again on the same data directory and ports; returns once it answers. */
    public synchronized void restart() {
        if (isRunning()) {
            throw new IllegalStateException("broker on " + bootstrapServers() + " is still running");
        }
        launch();
    }

    /** Clean shutdown (SIGTERM) and wait for the process to exit. Idempotent. */
    @Override
    public synchronized void close() {
        if (process != null) {
            process.stop();
        }
        Lifecycle.forget(this);
    }

    /**
     * Creates a topic with replication factor 1; does nothing if it already exists. {@code configs}
     * are topic configs such as {@code max.message.bytes} or {@code cleanup.policy}.
     */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        try (Admin admin = newAdmin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
                    .all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + name, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("topic " + name + " not created within 60 s", e);
        }
    }

    /**
     * Creates or replaces the SCRAM-SHA-512 credential of {@code user} on a broker from
     * {@link #startSecured(Path)}; it authenticates once this returns.
     */
    public void addUser(String user, String password) {
        requireSecured();
        try (Admin admin = newAdmin()) {
            admin.alterUserScramCredentials(List.of(BrokerSecurity.scramUpsertion(user, password)))
                    .all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot add user " + user, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while adding user " + user, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("user " + user + " not added within 60 s", e);
        }
    }

    /**
     * Allows {@code User:<user>} the {@code operations} on {@code resource} from any host, e.g.
     * {@code new ResourcePattern(ResourceType.TOPIC, "backup.requests", PatternType.LITERAL)}.
     */
    public void allow(String user, ResourcePattern resource, AclOperation... operations) {
        requireSecured();
        List<AclBinding> bindings = Stream.of(operations)
                .map(operation -> new AclBinding(resource, new AccessControlEntry(
                        "User:" + user, "*", operation, AclPermissionType.ALLOW)))
                .toList();
        try (Admin admin = newAdmin()) {
            admin.createAcls(bindings).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create ACLs " + bindings, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating ACLs " + bindings, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("ACLs " + bindings + " not created within 60 s", e);
        }
    }

    /**
     * The client properties that authenticate as {@code user} on a broker from
     * {@link #startSecured(Path)}: {@code security.protocol}, {@code sasl.mechanism} and
     * {@code sasl.jaas.config} (bootstrap servers not included).
     */
    public Map<String, Object> clientProperties(String user, String password) {
        requireSecured();
        return BrokerSecurity.scramClientProperties(user, password);
    }

    /** A new admin client for this broker (the super user on a secured one); the caller closes it. */
    public Admin newAdmin() {
        Map<String, Object> config = new HashMap<>(superUserProperties());
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return Admin.create(config);
    }

    /** See {@link KafkaTestClients#producer(String, Map)}; the super user on a secured broker. */
    public KafkaProducer<byte[], byte[]> newProducer() {
        return KafkaTestClients.producer(bootstrapServers(), superUserProperties());
    }

    /** See {@link KafkaTestClients#readUntil(String, Map, String, Predicate, Duration)}. */
    public List<ConsumerRecord<byte[], byte[]>> readUntil(
            String topic, Predicate<List<ConsumerRecord<byte[], byte[]>>> done, Duration timeout) {
        return KafkaTestClients.readUntil(bootstrapServers(), superUserProperties(), topic, done, timeout);
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + bootstrapServers() + ", " + dataDir + "]";
    }

    private Map<String, Object> superUserProperties() {
        return security == null ? Map.of() : security.adminClientProperties();
    }

    private void requireSecured() {
        if (security == null) {
            throw new IllegalStateException(this + " has no SASL listener: start it with startSecured");
        }
    }

    private void format() {
        try {
            Files.createDirectories(dataDir);
            Path clusterIdFile = dataDir.resolve("cluster.id");
            if (!Files.exists(clusterIdFile)) {
                Files.writeString(clusterIdFile, Uuid.randomUuid().toString(), StandardCharsets.UTF_8);
            }
            writeConfig();
            String clusterId = Files.readString(clusterIdFile, StandardCharsets.UTF_8).trim();
            List<String> args = new ArrayList<>(List.of(
                    "format", "--ignore-formatted", "-t", clusterId, "-c", configFile().toString()));
            if (security != null) {
                args.addAll(security.formatArguments());
            }
            ChildJvm.runToCompletion(CLASSPATH_RESOURCE, jvmArgs(), "kafka.tools.StorageTool", args, logFile(), 120);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dataDir, e);
        }
    }

    private synchronized void launch() {
        // again on every launch: close() stops tracking, and restart() may follow a close()
        Lifecycle.closeOnExit(this);
        writeConfig();
        process = ChildJvm.start(CLASSPATH_RESOURCE, jvmArgs(), "kafka.Kafka",
                List.of(configFile().toString()), logFile());
        awaitReady();
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String description = "Kafka broker on " + bootstrapServers() + " answering (log: " + logFile() + ")";
        try {
            // the admin client connects as soon as it exists and logs a warning per refused
            // connection, so it is created only once the port is open
            Await.until(READY_TIMEOUT, () -> checkAlive() && Lifecycle.isListening(port), description);
            try (Admin admin = newAdmin()) {
                Await.until(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())),
                        () -> checkAlive() && describesOneNode(admin), description);
            }
        } catch (AssertionError e) {
            process.killHard();
            throw new IllegalStateException(e.getMessage() + ChildJvm.tail(logFile()), e);
        }
    }

    private boolean checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("Kafka broker exited during start-up; see " + logFile()
                    + ChildJvm.tail(logFile()));
        }
        return true;
    }

    private static boolean describesOneNode(Admin admin) {
        try {
            return admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() == 1;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
    }

    private List<String> jvmArgs() {
        return concat(JVM_ARGS_BASE, List.of(
                "-Dlog4j2.configurationFile=" + dataDir.resolve("log4j2.properties").toUri(),
                "-Dkafka.logs.dir=" + dataDir.resolve("logs")));
    }

    private Path configFile() {
        return dataDir.resolve("server.properties");
    }

    private void writeConfig() {
        Properties props = new Properties();
        props.setProperty("process.roles", "broker,controller");
        props.setProperty("node.id", "1");
        props.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.setProperty("controller.listener.names", "CONTROLLER");
        props.setProperty("inter.broker.listener.name", "PLAINTEXT");
        props.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.setProperty("log.dirs", dataDir.resolve("kraft-logs").toString());
        props.setProperty("num.partitions", "1");
        props.setProperty("default.replication.factor", "1");
        props.setProperty("min.insync.replicas", "1");
        props.setProperty("offsets.topic.replication.factor", "1");
        // 50 partitions by default: creating them slows the first consumer group down for nothing
        props.setProperty("offsets.topic.num.partitions", "4");
        props.setProperty("transaction.state.log.replication.factor", "1");
        props.setProperty("transaction.state.log.min.isr", "1");
        props.setProperty("transaction.state.log.num.partitions", "4");
        props.setProperty("share.coordinator.state.topic.replication.factor", "1");
        props.setProperty("share.coordinator.state.topic.min.isr", "1");
        props.setProperty("group.initial.rebalance.delay.ms", "0");
        // after a kill -9 the controller refuses the new incarnation until the old session expires
        props.setProperty("broker.heartbeat.interval.ms", "500");
        props.setProperty("broker.session.timeout.ms", "2000");
        props.setProperty("message.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
        props.setProperty("replica.fetch.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
        props.setProperty("auto.create.topics.enable", "false");
        if (security != null) {
            security.configure(props, port, controllerPort);
        }
        StringBuilder log4j = new StringBuilder()
                // otherwise log4j's own hook races the broker's shutdown and the last lines are lost
                .append("shutdownHook = disable\n")
                .append("appender.out.type = Console\n")
                .append("appender.out.name = out\n")
                .append("appender.out.layout.type = PatternLayout\n")
                .append("appender.out.layout.pattern = [%d] %p %m (%c)%n\n")
                .append("rootLogger.level = INFO\n")
                .append("rootLogger.appenderRef.out.ref = out\n")
                .append("logger.state.name = state.change.logger\n")
                .append("logger.state.level = WARN\n");
        try {
            Files.createDirectories(dataDir);
            try (var out = Files.newBufferedWriter(configFile(), StandardCharsets.UTF_8)) {
                props.store(out, "written by io.backstream.testkit.KafkaBroker");
            }
            Files.writeString(dataDir.resolve("log4j2.properties"), log4j, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the broker config in " + dataDir, e);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
