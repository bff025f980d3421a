package io.backstream.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * API tokens for tests and the dev stack: made like an operator makes them ({@code bst_} and 32 random bytes in
 * base64url) and written to a token file in the format the services read ({@code backstream.security.tokens-file},
 * only the SHA-256 of each token, mode 0600).
 */
public final class TestTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * One token.
     *
     * @param name    the principal name
     * @param secret  the bearer token itself
     * @param roles   granted roles
     * @param targets target globs, empty for every target
     */
    public record Token(String name, String secret, List<String> roles, List<String> targets) {

        /** The {@code Authorization} header value. */
        public String bearer() {
            return "Bearer " + secret;
        }

        @Override
        public String toString() {
            return "Token[" + name + " " + roles + " " + targets + "]";
        }
    }

    private TestTokens() {
    }

    /** A new random token for {@code name} with one role, limited to {@code targets} if any are given. */
    public static Token generate(String name, String role, String... targets) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new Token(name, "bst_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), List.of(role),
                List.of(targets));
    }

    /** Writes the token file holding {@code tokens} (hashes only), mode 0600, and returns it. */
    public static Path write(Path file, List<Token> tokens) throws IOException {
        StringBuilder yaml = new StringBuilder("# API tokens: only the SHA-256 of each token is stored\ntokens:\n");
        for (Token token : tokens) {
            yaml.append("  - name: ").append(token.name()).append('\n')
                    .append("    sha256: ").append(sha256(token.secret())).append('\n')
                    .append("    roles: [").append(String.join(", ", token.roles())).append("]\n");
            if (!token.targets().isEmpty()) {
                yaml.append("    targets: [").append(String.join(", ", token.targets().stream()
                        .map(glob -> "\"" + glob + "\"").toList())).append("]\n");
            }
        }
        return writePrivate(file, yaml.toString());
    }

    /** Writes {@code content} to {@code file} readable by its owner only (0600), creating parent directories. */
    public static Path writePrivate(Path file, String content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, ".tokens", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        return Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** SHA-256 hex of a token, as the token file stores it. */
    public static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
