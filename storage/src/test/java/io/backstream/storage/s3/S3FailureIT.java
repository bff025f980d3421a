package io.backstream.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.backstream.storage.ObjectStorage;
import io.backstream.storage.RetryPolicy;
import io.backstream.storage.RetryingObjectStorage;
import io.backstream.storage.StorageException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * S3 over real HTTP to endpoints that fail: a server answering every request with 500 or 403, and a
 * port nobody listens on.
 */
class S3FailureIT {

    private static final String SECRET = "failure-it-secret-key";

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile int status = 500;
    private volatile String errorCode = "InternalError";

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + errorCode
                    + "</Code><Message>failure</Message><RequestId>req-1</RequestId></Error>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/xml");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private S3ObjectStorage storage(URI endpoint) {
        return new S3ObjectStorage(S3Config.compatible(endpoint, "us-east-1", "bucket", "failure-it-access", SECRET)
                .withRequestTimeout(Duration.ofSeconds(5)));
    }

    private URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void aServerErrorIsRetryableAndCarriesNoSecret() {
        try (S3ObjectStorage s3 = storage(endpoint())) {
            StorageException e = assertThrows(StorageException.class, () -> s3.put("k", new byte[10], "text/plain"));

            assertTrue(e.retryable());
            assertEquals(StorageException.Kind.TRANSIENT, e.kind());
            assertEquals(1, requests.get(), "the SDK does not retry on its own");
            assertFalse(e.getMessage().contains(SECRET));
        }
    }

    @Test
    void throughTheRetryWrapperItGivesUpAfterTheConfiguredAttempts() {
        List<Duration> sleeps = new ArrayList<>();
        RetryPolicy policy = new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(40), 2.0);
        try (ObjectStorage s3 = new RetryingObjectStorage(storage(endpoint()), policy, sleeps::add, () -> 1.0)) {
            StorageException e = assertThrows(StorageException.class, () -> s3.head("k"));

            assertTrue(e.retryable());
            assertEquals(4, requests.get());
            assertEquals(List.of(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(40)), sleeps);
        }
    }

    @Test
    void throttlingIsRetryable() {
        status = 503;
        errorCode = "SlowDown";
        try (S3ObjectStorage s3 = storage(endpoint())) {
            StorageException e = assertThrows(StorageException.class, () -> s3.read("k"));

            assertTrue(e.retryable());
        }
    }

    @Test
    void accessDeniedIsPermanentAndNotRetried() {
        status = 403;
        errorCode = "AccessDenied";
        RetryPolicy policy = new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(40), 2.0);
        try (ObjectStorage s3 = new RetryingObjectStorage(storage(endpoint()), policy, d -> { }, () -> 1.0)) {
            StorageException e = assertThrows(StorageException.class, () -> s3.read("k"));

            assertEquals(StorageException.Kind.ACCESS_DENIED, e.kind());
            assertEquals(1, requests.get());
        }
    }

    @Test
    void aRefusedConnectionIsRetryable() throws IOException {
        URI closed;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        try (S3ObjectStorage s3 = storage(closed)) {
            StorageException e = assertThrows(StorageException.class, () -> s3.list(""));

            assertTrue(e.retryable());
        }
    }
}
