package io.backstream.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * A real S3 API server (S3Proxy 4.1.0, filesystem backend) in a child JVM on 127.0.0.1. Objects
 * live under {@link #dataDir()} and survive a later {@link #start(Path, int)} on the same
 * directory. The process never outlives the JVM that started it. S3Proxy's known gaps (no Object
 * Lock, no SSE, ListParts quirks) are listed in STACK.md. Use path-style requests; {@link
 * #newClient()} is configured that way.
 */
public final class S3Server implements AutoCloseable {

    private static final String CLASSPATH_RESOURCE = "io/backstream/s3proxy/s3proxy.classpath";
    private static final String ACCESS_KEY = "backstream";
    private static final String SECRET_KEY = "backstream-test-secret";
    private static final String REGION = "us-east-1";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private static S3Server shared;

    private final Path dataDir;
    private final int port;
    private ChildJvm process;

    private S3Server(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    /**
     * The server shared by every test in this JVM, on a free port; stopped and deleted when the
     * JVM exits. Tests must not close it.
     */
    public static synchronized S3Server shared() {
        if (shared == null) {
            Path dir = Lifecycle.tempDir("backstream-s3-");
            Lifecycle.closeOnExit(() -> Lifecycle.deleteRecursively(dir));
            shared = start(dir, 0);
        }
        return shared;
    }

    /**
     * Starts a server storing buckets under {@code dataDir/blobs} (existing buckets are kept) and
     * waits until it answers. {@code port} 0 picks a free port.
     */
    public static S3Server start(Path dataDir, int port) {
        S3Server server = new S3Server(dataDir.toAbsolutePath(), port == 0 ? Lifecycle.freePort() : port);
        Lifecycle.closeOnExit(server);
        try {
            server.launch();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** {@code http://127.0.0.1:<port>} */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public String accessKey() {
        return ACCESS_KEY;
    }

    public String secretKey() {
        return SECRET_KEY;
    }

    /** Always {@code us-east-1}; S3Proxy accepts it for every bucket. */
    public String region() {
        return REGION;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Creates the bucket if it does not exist yet and returns its name. */
    public String createBucket(String name) {
        try (S3Client client = newClient()) {
            client.createBucket(b -> b.bucket(name));
        } catch (BucketAlreadyOwnedByYouException e) {
            // idempotent on purpose: tests and the dev stack call this on every start
        }
        return name;
    }

    /** Creates a bucket named {@link UniqueNames#bucket(String)} and returns its name. */
    public String createUniqueBucket(String prefix) {
        return createBucket(UniqueNames.bucket(prefix));
    }

    /**
     * A new S3 client for this server: endpoint override, path-style, static credentials. The
     * caller closes it.
     */
    public S3Client newClient() {
        return clientBuilder().build();
    }

    /** A client builder preset like {@link #newClient()}, for callers that tune timeouts or retries. */
    public S3ClientBuilder clientBuilder() {
        return S3Client.builder()
                .endpointOverride(endpoint())
                .forcePathStyle(true)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)));
    }

    /** Stops the server (SIGTERM) and waits for it to exit. Idempotent. */
    @Override
    public synchronized void close() {
        if (process != null) {
            process.stop();
        }
        Lifecycle.forget(this);
    }

    @Override
    public String toString() {
        return "S3Server[" + endpoint() + ", " + dataDir + "]";
    }

    private Path logFile() {
        return dataDir.resolve("s3proxy.log");
    }

    private synchronized void launch() {
        Path properties = dataDir.resolve("s3proxy.properties");
        Path logback = dataDir.resolve("logback.xml");
        try {
            Files.createDirectories(dataDir.resolve("blobs"));
            Properties props = new Properties();
            props.setProperty("s3proxy.endpoint", endpoint().toString());
            props.setProperty("s3proxy.authorization", "aws-v2-or-v4");
            props.setProperty("s3proxy.identity", ACCESS_KEY);
            props.setProperty("s3proxy.credential", SECRET_KEY);
            props.setProperty("jclouds.provider", "filesystem");
            props.setProperty("jclouds.filesystem.basedir", dataDir.resolve("blobs").toString());
            try (var out = Files.newBufferedWriter(properties, StandardCharsets.UTF_8)) {
                props.store(out, "written by io.backstream.testkit.S3Server");
            }
            // S3Proxy's default logback level is DEBUG: megabytes of jetty noise per test run
            Files.writeString(logback, """
                    <configuration>
                      <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>%d %-5level %logger{36} - %msg%n</pattern></encoder>
                      </appender>
                      <root level="INFO"><appender-ref ref="out"/></root>
                    </configuration>
                    """, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dataDir, e);
        }
        process = ChildJvm.start(CLASSPATH_RESOURCE,
                List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC",
                        "-Dlogback.configurationFile=" + logback),
                "org.gaul.s3proxy.Main", List.of("--properties", properties.toString()), logFile());
        awaitReady();
    }

    private void awaitReady() {
        // one attempt per poll: the SDK's own retries and back-off would only slow the polling down
        try (S3Client client = clientBuilder()
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
                .build()) {
            Await.until(READY_TIMEOUT, () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("S3Proxy exited during start-up; see " + logFile()
                            + ChildJvm.tail(logFile()));
                }
                try {
                    client.listBuckets();
                    return true;
                } catch (SdkException e) {
                    return false;
                }
            }, "S3Proxy on " + endpoint() + " answering (log: " + logFile() + ")");
        } catch (AssertionError e) {
            process.killHard();
            throw new IllegalStateException(e.getMessage() + ChildJvm.tail(logFile()), e);
        }
    }
}
