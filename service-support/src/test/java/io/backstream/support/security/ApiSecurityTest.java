package io.backstream.support.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.backstream.testkit.TestTokens;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP security every service shares, on a real embedded server: API tokens from a file (roles, scopes,
 * reload), JWTs checked against a JWKS document this test serves, and the 401/403 answers.
 */
class ApiSecurityTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;

    private static Path tokensFile;
    private static EmbeddedServer server;
    private static HttpServer jwks;
    private static RSAKey signingKey;
    private static final TestTokens.Token VIEWER = TestTokens.generate("vera", Roles.VIEWER);
    private static final TestTokens.Token ADMIN = TestTokens.generate("ada", Roles.ADMIN);
    private static final TestTokens.Token TENANT = TestTokens.generate("tenant-app", Roles.OPERATOR, "app-*");

    @BeforeAll
    static void start() throws Exception {
        signingKey = new RSAKeyGenerator(2048).keyID("test-key").generate();
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] document = new JWKSet(signingKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks.createContext("/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, document.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(document);
            }
        });
        jwks.start();
        tokensFile = TestTokens.write(dir.resolve("tokens.yml"), List.of(VIEWER, ADMIN, TENANT));
        server = start(Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
        jwks.stop(0);
    }

    private static EmbeddedServer start(Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "micronaut.server.port", -1,
                "kafka.health.enabled", false,
                "kafka.bootstrap.servers", "127.0.0.1:9",
                "backstream.security.tokens-file", tokensFile.toString(),
                "backstream.security.tokens-reload-interval", "0s",
                "micronaut.security.token.jwt.signatures.jwks.test.url",
                "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json"));
        properties.putAll(extra);
        return ApplicationContext.builder().environments("support-it").properties(properties)
                .run(EmbeddedServer.class);
    }

    @Test
    void withoutATokenTheAnswerIs401WithABearerChallengeAndAProblem() throws Exception {
        HttpResponse<String> response = send(server, "GET", "/test/targets/app-1", null);
        assertEquals(401, response.statusCode());
        assertEquals("Bearer realm=\"backstream\"", response.headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        assertTrue(response.body().contains("\"type\":\"https://backstream.io/problems/unauthorized\""), response.body());
        assertTrue(response.body().contains("\"status\":401"), response.body());
    }

    @Test
    void aWrongTokenIs401InvalidTokenAndNeverEchoed() throws Exception {
        String forged = "bst_" + "A".repeat(43);
        HttpResponse<String> response = send(server, "GET", "/test/targets/app-1", "Bearer " + forged);
        assertEquals(401, response.statusCode());
        assertEquals("Bearer realm=\"backstream\", error=\"invalid_token\"",
                response.headers().firstValue("WWW-Authenticate").orElse(""));
        assertTrue(!response.body().contains(forged), response.body());
        assertEquals(401, send(server, "GET", "/test/targets/app-1", "Basic " + VIEWER.secret()).statusCode());
        assertEquals(401, send(server, "GET", "/test/targets/app-1", "Bearer " + "x".repeat(5000)).statusCode());
    }

    @Test
    void aViewerReadsButCannotMutate() throws Exception {
        HttpResponse<String> read = send(server, "GET", "/test/targets/sample", VIEWER.bearer());
        assertEquals(200, read.statusCode(), read.body());
        assertTrue(read.body().contains("\"caller\":\"vera\""), read.body());

        HttpResponse<String> write = send(server, "POST", "/test/targets/sample", VIEWER.bearer());
        assertEquals(403, write.statusCode());
        assertTrue(write.body().contains("\"type\":\"https://backstream.io/problems/forbidden\""), write.body());
        assertTrue(write.body().contains("needs the role admin"), write.body());
    }

    @Test
    void anAdminHasEveryRoleBelowIt() throws Exception {
        HttpResponse<String> read = send(server, "GET", "/test/targets/sample", ADMIN.bearer());
        assertEquals(200, read.statusCode(), read.body());
        assertTrue(read.body().contains("viewer") && read.body().contains("operator"), read.body());
        assertEquals(204, send(server, "POST", "/test/targets/sample", ADMIN.bearer()).statusCode());
    }

    @Test
    void aScopedTokenSeesOnlyItsTargetsAndOthersAre404() throws Exception {
        assertEquals(200, send(server, "GET", "/test/targets/app-billing", TENANT.bearer()).statusCode());
        HttpResponse<String> other = send(server, "GET", "/test/targets/sample", TENANT.bearer());
        assertEquals(404, other.statusCode());
        assertTrue(other.body().contains("not-found"), other.body());
    }

    @Test
    void healthAndOpenApiAreOpenMetricsNeedAViewerUnlessOpened() throws Exception {
        assertTrue(send(server, "GET", "/health", null).statusCode() < 400);
        HttpResponse<String> metrics = send(server, "GET", "/prometheus", null);
        assertEquals(401, metrics.statusCode());
        assertEquals(200, send(server, "GET", "/prometheus", VIEWER.bearer()).statusCode());
        try (EmbeddedServer open = start(Map.of("backstream.security.metrics-open", true))) {
            assertEquals(200, send(open, "GET", "/prometheus", null).statusCode());
            assertEquals(401, send(open, "GET", "/test/targets/sample", null).statusCode());
        }
    }

    @Test
    void theTokenFileIsReloadedAndABadEditKeepsTheTokensInForce() throws Exception {
        Path file = dir.resolve("reloaded.yml");
        TestTokens.Token first = TestTokens.generate("first", Roles.VIEWER);
        TestTokens.Token second = TestTokens.generate("second", Roles.VIEWER);
        TestTokens.write(file, List.of(first));
        try (EmbeddedServer reloading = start(Map.of("backstream.security.tokens-file", file.toString()))) {
            assertEquals(200, send(reloading, "GET", "/test/targets/x", first.bearer()).statusCode());
            assertEquals(401, send(reloading, "GET", "/test/targets/x", second.bearer()).statusCode());

            TestTokens.write(file, List.of(second));
            assertEquals(200, send(reloading, "GET", "/test/targets/x", second.bearer()).statusCode());
            assertEquals(401, send(reloading, "GET", "/test/targets/x", first.bearer()).statusCode());

            TestTokens.writePrivate(file, "tokens:\n  - name: broken\n    sha256: not-a-hash\n    roles: [admin]\n");
            assertEquals(200, send(reloading, "GET", "/test/targets/x", second.bearer()).statusCode());
        }
    }

    @Test
    void aBadTokenFileStopsStartNamingTheEntryAndField() throws IOException {
        Path file = TestTokens.writePrivate(dir.resolve("bad.yml"),
                "tokens:\n  - name: ok\n    sha256: " + "a".repeat(64) + "\n    roles: [superuser]\n");
        Exception failure = assertThrows(Exception.class,
                () -> start(Map.of("backstream.security.tokens-file", file.toString())).close());
        assertTrue(messages(failure).contains("tokens[0].roles: 'superuser' is not one of"), messages(failure));
        Exception missing = assertThrows(Exception.class,
                () -> start(Map.of("backstream.security.tokens-file", dir.resolve("absent.yml").toString())).close());
        assertTrue(messages(missing).contains("does not exist"), messages(missing));
    }

    @Test
    void aJwtSignedByTheJwksKeyAuthenticatesWithItsRolesAndTargets() throws Exception {
        String jwt = signed(signingKey, "alice", List.of(Roles.OPERATOR), List.of("app-*"), Instant.now().plusSeconds(300));
        HttpResponse<String> read = send(server, "GET", "/test/targets/app-web", "Bearer " + jwt);
        assertEquals(200, read.statusCode(), read.body());
        assertTrue(read.body().contains("\"caller\":\"alice\""), read.body());
        assertEquals(404, send(server, "GET", "/test/targets/sample", "Bearer " + jwt).statusCode());
        assertEquals(403, send(server, "POST", "/test/targets/app-web", "Bearer " + jwt).statusCode());

        String admin = signed(signingKey, "root", List.of(Roles.ADMIN), List.of(), Instant.now().plusSeconds(300));
        assertEquals(204, send(server, "POST", "/test/targets/sample", "Bearer " + admin).statusCode());
    }

    @Test
    void expiredForeignAndUnsignedJwtsAre401() throws Exception {
        String expired = signed(signingKey, "alice", List.of(Roles.ADMIN), List.of(), Instant.now().minusSeconds(600));
        assertEquals(401, send(server, "GET", "/test/targets/sample", "Bearer " + expired).statusCode());

        RSAKey stranger = new RSAKeyGenerator(2048).keyID("test-key").generate();
        String foreign = signed(stranger, "mallory", List.of(Roles.ADMIN), List.of(), Instant.now().plusSeconds(300));
        assertEquals(401, send(server, "GET", "/test/targets/sample", "Bearer " + foreign).statusCode());

        String unsigned = new PlainJWT(claims("mallory", List.of(Roles.ADMIN), List.of(),
                Instant.now().plusSeconds(300))).serialize();
        assertEquals(401, send(server, "GET", "/test/targets/sample", "Bearer " + unsigned).statusCode());
    }

    @Test
    void tokenFilesWrittenByTheTestKitAreOwnerOnly() throws IOException {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokensFile)));
        assertTrue(!Files.readString(tokensFile).contains(VIEWER.secret()));
    }

    private static String signed(RSAKey key, String subject, List<String> roles, List<String> targets, Instant expires)
            throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                claims(subject, roles, targets, expires));
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static JWTClaimsSet claims(String subject, List<String> roles, List<String> targets, Instant expires) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(subject).claim("roles", roles)
                .issueTime(Date.from(Instant.now().minusSeconds(1200))).expirationTime(Date.from(expires));
        if (!targets.isEmpty()) {
            claims.claim(Caller.TARGETS_ATTRIBUTE, targets);
        }
        return claims.build();
    }

    private static HttpResponse<String> send(EmbeddedServer target, String method, String path, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.getURL() + path))
                .timeout(Duration.ofSeconds(30)).method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String messages(Throwable error) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
