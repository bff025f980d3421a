package io.backstream.support.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code backstream.security.*}: where the API tokens are, whether metrics are open, and which JWT claim names
 * a caller's targets. JWKS URLs and the roles claim are Micronaut Security's own settings
 * ({@code micronaut.security.token.jwt.signatures.jwks.*}, {@code micronaut.security.token.roles-name}).
 */
@ConfigurationProperties("backstream.security")
public class SecurityConfiguration {

    private Path tokensFile;
    private boolean metricsOpen;
    private String targetsClaim = Caller.TARGETS_ATTRIBUTE;
    private Duration tokensReloadInterval = Duration.ofSeconds(2);

    /** The API token file (YAML, SHA-256 of each token); none: only JWTs authenticate. */
    @Nullable
    public Path getTokensFile() {
        return tokensFile;
    }

    public void setTokensFile(@Nullable Path tokensFile) {
        this.tokensFile = tokensFile;
    }

    /** Whether {@code /prometheus} answers without a token (a scraper on a trusted network). */
    public boolean isMetricsOpen() {
        return metricsOpen;
    }

    public void setMetricsOpen(boolean metricsOpen) {
        this.metricsOpen = metricsOpen;
    }

    /** The JWT claim with the caller's target globs (a list, or one comma-separated string). */
    public String getTargetsClaim() {
        return targetsClaim;
    }

    public void setTargetsClaim(String targetsClaim) {
        this.targetsClaim = targetsClaim;
    }

    /** How often, at most, the token file is checked for changes. */
    public Duration getTokensReloadInterval() {
        return tokensReloadInterval;
    }

    public void setTokensReloadInterval(Duration tokensReloadInterval) {
        this.tokensReloadInterval = tokensReloadInterval;
    }
}
