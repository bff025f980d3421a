package io.backstream.restore.catalog;

import com.sun.net.httpserver.HttpServer;
import io.backstream.restore.config.RestoreProperties;
import io.backstream.restore.domain.BackupDeletion;
import io.backstream.restore.domain.BackupLocation;
import io.backstream.restore.domain.Catalog;
import io.backstream.restore.domain.RestoreFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HttpCatalog against a local HTTP server answering in catalog-svc's JSON, written out as the catalog writes it. */
class HttpCatalogTest {

    private static final String DETAIL = """
            {"id":"%s","targetId":"db","type":"%s","status":"COMPLETED","createdAt":"2026-11-21T10:00:00Z",
             "sizes":{"rawBytes":4096,"storedBytes":2048,"uploadedBytes":2048},"durations":{},
             "checksums":{"snapshotSha256":"aa","uploadSha256":"bb"},
             "location":{"storage":"s3","bucket":"backups","key":"k/%1$s.tar.zst","manifestKey":"k/%1$s.json"},
             "chain":{"childIds":[]}}""";

    private final Map<String, ConcurrentLinkedQueue<Integer>> failures = new ConcurrentHashMap<>();
    private final Map<String, String> bodies = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer server;
    private HttpCatalog catalog;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            String path = exchange.getRequestURI().getPath();
            Integer failure = failures.getOrDefault(path, new ConcurrentLinkedQueue<>()).poll();
            String body = bodies.get(path);
            int status = failure != null ? failure : body != null ? 200 : 404;
            byte[] bytes = status == 200 ? body.getBytes(StandardCharsets.UTF_8) : new byte[0];
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        RestoreProperties properties = new RestoreProperties();
        properties.setCatalogUrl(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
        properties.setCatalogAttempts(3);
        catalog = new HttpCatalog(properties);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aBackupDetailBecomesItsLocation() {
        bodies.put("/v1/backups/b-1", DETAIL.formatted("b-1", "FULL"));
        assertEquals(Optional.of(new BackupLocation("b-1", "db", "FULL", "s3", "k/b-1.tar.zst", "k/b-1.json", 2048,
                "bb")), catalog.backup("b-1"));
        assertEquals(Optional.empty(), catalog.backup("unknown"));
    }

    @Test
    void aBackupThatIsNotCompletedIsNoLocationToRestoreFrom() {
        for (String status : List.of("PARTLY_DELETED", "DELETING", "DELETED", "UPLOADING")) {
            bodies.put("/v1/backups/b-1", DETAIL.formatted("b-1", "FULL").replace("\"COMPLETED\"",
                    "\"" + status + "\""));
            RestoreFailure failure = assertThrows(RestoreFailure.class, () -> catalog.backup("b-1"), status);
            assertEquals(Catalog.NOT_RESTORABLE, failure.code(), status);
            assertTrue(failure.getMessage().contains(status), failure.getMessage());
        }
    }

    @Test
    void aBackupDetailBecomesItsDeletionState() {
        bodies.put("/v1/backups/b-1", DETAIL.formatted("b-1", "FULL").replace("\"COMPLETED\"", "\"DELETING\"")
                .replace("\"chain\"", "\"deletion\":{\"requestedAt\":\"2026-12-01T03:00:00Z\"},\"chain\""));
        BackupDeletion deletion = catalog.deletion("b-1").orElseThrow();
        assertEquals(new BackupDeletion("b-1", "DELETING", "s3", "k/b-1.tar.zst", "k/b-1.json",
                Instant.parse("2026-12-01T03:00:00Z"), null), deletion);
        assertTrue(deletion.marked());
        bodies.put("/v1/backups/b-2", DETAIL.formatted("b-2", "FULL"));
        assertFalse(catalog.deletion("b-2").orElseThrow().marked());
        assertEquals(Optional.empty(), catalog.deletion("unknown"));
    }

    @Test
    void aRestorePointIsLookedUpBackupByBackupInApplyOrder() {
        bodies.put("/v1/targets/db/restore-point", """
                {"targetId":"db","at":"2026-11-22T00:00:00Z","backups":[
                 {"id":"b-1","targetId":"db","type":"FULL","status":"COMPLETED","createdAt":"2026-11-21T10:00:00Z"},
                 {"id":"b-2","targetId":"db","type":"INCREMENTAL","status":"COMPLETED",
                  "createdAt":"2026-11-21T11:00:00Z"}]}""");
        bodies.put("/v1/backups/b-1", DETAIL.formatted("b-1", "FULL"));
        bodies.put("/v1/backups/b-2", DETAIL.formatted("b-2", "INCREMENTAL"));
        List<BackupLocation> chain = catalog.restorePoint("db", Instant.parse("2026-11-22T00:00:00Z"));
        assertEquals(List.of("b-1", "b-2"), chain.stream().map(BackupLocation::backupId).toList());
        assertEquals("k/b-2.tar.zst", chain.get(1).key());
        assertEquals(List.of(), catalog.restorePoint("other", Instant.parse("2026-11-22T00:00:00Z")));
    }

    @Test
    void serverErrorsAreRetriedUntilTheCatalogAnswers() {
        bodies.put("/v1/backups/b-1", DETAIL.formatted("b-1", "FULL"));
        failures.put("/v1/backups/b-1", new ConcurrentLinkedQueue<>(List.of(503, 500)));
        assertEquals("k/b-1.tar.zst", catalog.backup("b-1").orElseThrow().key());
        assertEquals(3, requests.get());
    }

    @Test
    void theLastServerErrorEndsTheRestoreAfterTheConfiguredAttempts() {
        failures.put("/v1/backups/b-1", new ConcurrentLinkedQueue<>(List.of(503, 503, 503, 503)));
        RestoreFailure failure = assertThrows(RestoreFailure.class, () -> catalog.backup("b-1"));
        assertEquals("catalog-unavailable", failure.code());
        assertEquals(3, requests.get());
    }

    @Test
    void otherClientErrorsAreNotRetried() {
        failures.put("/v1/backups/b-1", new ConcurrentLinkedQueue<>(List.of(400)));
        RestoreFailure failure = assertThrows(RestoreFailure.class, () -> catalog.backup("b-1"));
        assertEquals("catalog-unavailable", failure.code());
        assertEquals(1, requests.get());
    }
}
