package io.backstream.devstack;

import io.backstream.testkit.TestTokens;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * The dev stack's API tokens, made at the first start and reused after: an admin token for the user (and backupctl)
 * and the viewer token restore-svc sends to the catalog. Each secret sits in its own file (0600) in
 * {@code <data dir>/security} (0700); {@code tokens.yml} (0600) holds only their SHA-256 and is rewritten only when a
 * secret is new, so tokens a user adds to it survive a restart.
 *
 * @param tokensFile       the services' {@code backstream.security.tokens-file}
 * @param adminTokenFile   the admin token, named by stack.json's {@code tokenFile}
 * @param catalogTokenFile restore-svc's {@code backstream.restore.catalog-token-file}
 */
record DevTokens(Path tokensFile, Path adminTokenFile, Path catalogTokenFile) {

    static final String ADMIN = "dev-admin";
    static final String RESTORE_SERVICE = "restore-svc";

    /** Makes whatever is missing in {@code securityDir} and returns the three files. */
    static DevTokens ensure(Path securityDir) throws IOException {
        Files.createDirectories(securityDir);
        Files.setPosixFilePermissions(securityDir, PosixFilePermissions.fromString("rwx------"));
        DevTokens files = new DevTokens(securityDir.resolve("tokens.yml"), securityDir.resolve("admin.token"),
                securityDir.resolve("restore-svc.token"));
        Optional<String> adminSecret = secret(files.adminTokenFile);
        Optional<String> restoreSecret = secret(files.catalogTokenFile);
        TestTokens.Token admin = token(files.adminTokenFile, adminSecret, ADMIN, "admin");
        TestTokens.Token restoreService = token(files.catalogTokenFile, restoreSecret, RESTORE_SERVICE, "viewer");
        if (adminSecret.isEmpty() || restoreSecret.isEmpty() || !Files.isRegularFile(files.tokensFile)) {
            TestTokens.write(files.tokensFile, List.of(admin, restoreService));
        }
        return files;
    }

    /** The secret an earlier start left in {@code file}, if any. */
    private static Optional<String> secret(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip()).filter(secret -> !secret.isEmpty());
    }

    /** The token with the {@code existing} secret, or a new one written to {@code file} (0600). */
    private static TestTokens.Token token(Path file, Optional<String> existing, String name, String role)
            throws IOException {
        if (existing.isPresent()) {
            return new TestTokens.Token(name, existing.get(), List.of(role), List.of());
        }
        TestTokens.Token token = TestTokens.generate(name, role);
        TestTokens.writePrivate(file, token.secret());
        return token;
    }
}
