package io.backstream.support.security;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The API tokens of {@code backstream.security.tokens-file}, looked up by the SHA-256 of a presented token. The
 * file is read at start (a missing or bad file stops the service, naming it) and again whenever its modification
 * time or size changed, checked at most every {@code tokens-reload-interval}; a bad edit keeps the tokens in force
 * and logs the problem once, so a typo never locks every caller out or lets anyone in.
 */
@Context
@Requires(property = "backstream.security.tokens-file")
public class ApiTokens {

    private static final Logger LOG = LoggerFactory.getLogger(ApiTokens.class);

    private final Path file;
    private final Duration reloadInterval;
    private final Clock clock;

    private Map<String, ApiToken> tokens;
    private FileTime loadedModified;
    private long loadedSize;
    private Instant nextCheck;
    private String lastProblem;

    @Inject
    ApiTokens(SecurityConfiguration configuration) {
        this(Objects.requireNonNull(configuration.getTokensFile()), configuration.getTokensReloadInterval(),
                Clock.systemUTC());
    }

    ApiTokens(Path file, Duration reloadInterval, Clock clock) {
        this.file = file.toAbsolutePath();
        this.reloadInterval = reloadInterval;
        this.clock = clock;
        try {
            BasicFileAttributes attributes = Files.readAttributes(this.file, BasicFileAttributes.class);
            tokens = ApiTokenFile.read(this.file);
            loadedModified = attributes.lastModifiedTime();
            loadedSize = attributes.size();
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("backstream.security.tokens-file: " + this.file + " does not exist");
        } catch (IOException e) {
            throw new IllegalStateException("backstream.security.tokens-file: cannot read " + this.file + ": " + e);
        }
        nextCheck = clock.instant().plus(reloadInterval);
        LOG.info("Loaded {} API token(s) from {}", tokens.size(), this.file);
    }

    /** The entry of {@code token}, if the file holds its SHA-256. */
    public Optional<ApiToken> find(String token) {
        return Optional.ofNullable(current().get(sha256(token)));
    }

    /** SHA-256 hex of a token's UTF-8 bytes: what the file stores. */
    public static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private synchronized Map<String, ApiToken> current() {
        Instant now = clock.instant();
        if (now.isBefore(nextCheck)) {
            return tokens;
        }
        nextCheck = now.plus(reloadInterval);
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (attributes.lastModifiedTime().equals(loadedModified) && attributes.size() == loadedSize) {
                return tokens;
            }
            tokens = ApiTokenFile.read(file);
            loadedModified = attributes.lastModifiedTime();
            loadedSize = attributes.size();
            lastProblem = null;
            LOG.info("Reloaded {} API token(s) from {}", tokens.size(), file);
        } catch (IOException | ApiTokenFile.InvalidTokenFileException e) {
            String problem = e instanceof NoSuchFileException ? file + " does not exist" : e.getMessage();
            if (!problem.equals(lastProblem)) {
                LOG.error("API token file not reloaded, the {} token(s) read before stay in force: {}", tokens.size(), problem);
                lastProblem = problem;
            }
        }
        return tokens;
    }
}
