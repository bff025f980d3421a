package io.backstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compose stack's API tokens: deploy/security/make-tokens.sh, run here as tokens-init runs it, and every
 * service reading what it makes.
 */
class ComposeTokensTest {

    private static final String DIR = "/etc/backstream/security";
    private final JsonNode compose = Repo.yaml(Repo.root().resolve("docker-compose.yml"));

    @Test
    void theScriptMakesPrivateTokensWhoseHashesAreInTokensYmlAndKeepsThemOnTheNextStart(@TempDir Path dir)
            throws Exception {
        assertEquals("made tokens in " + dir, makeTokens(dir));
        JsonNode tokens = Repo.yaml(dir.resolve("tokens.yml")).path("tokens");
        Map<String, String> roles = Map.of("admin", "admin", "restore-svc", "viewer", "prometheus", "viewer");
        assertEquals(roles.size(), tokens.size());
        for (JsonNode entry : tokens) {
            String name = entry.path("name").asText();
            Path file = dir.resolve(name + ".token");
            String token = Files.readString(file);
            assertTrue(token.matches("bst_[A-Za-z0-9_-]{43}"), name + ": " + token.length() + " characters");
            assertEquals(sha256(token), entry.path("sha256").asText(), name);
            assertEquals(roles.get(name), entry.path("roles").path(0).asText(), name);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), name);
        }
        String admin = Files.readString(dir.resolve("admin.token"));
        assertNotEquals(admin, Files.readString(dir.resolve("prometheus.token")), "every token is its own");
        assertTrue(makeTokens(dir).startsWith("tokens exist"), "a restart keeps the tokens");
        assertEquals(admin, Files.readString(dir.resolve("admin.token")));
    }

    @Test
    void everyServiceReadsTheTokensOfTheSecurityVolume() {
        List<String> problems = new ArrayList<>();
        Repo.SERVICES.keySet().forEach(service -> {
            JsonNode definition = compose.path("services").path(service);
            if (!(DIR + "/tokens.yml").equals(definition.path("environment")
                    .path("BACKSTREAM_SECURITY_TOKENS_FILE").asText())) {
                problems.add(service + ": BACKSTREAM_SECURITY_TOKENS_FILE is not " + DIR + "/tokens.yml");
            }
            if (!definition.path("volumes").toString().contains("security:" + DIR + ":ro")) {
                problems.add(service + ": does not mount the security volume read-only at " + DIR);
            }
            if (!"service_completed_successfully".equals(definition.path("depends_on").path("tokens-init")
                    .path("condition").asText())) {
                problems.add(service + ": does not wait for tokens-init");
            }
        });
        assertEquals(List.of(), problems);
        assertEquals(DIR + "/restore-svc.token", compose.path("services").path("restore-svc").path("environment")
                .path("BACKSTREAM_RESTORE_CATALOG_TOKEN_FILE").asText());
    }

    private static String makeTokens(Path dir) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sh", Repo.root().resolve("deploy/security/make-tokens.sh")
                .toString()).redirectErrorStream(true);
        builder.environment().put("BACKSTREAM_SECURITY_DIR", dir.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "make-tokens.sh finished");
        assertEquals(0, process.exitValue(), output);
        return output.lines().reduce((first, last) -> last).orElse("");
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
