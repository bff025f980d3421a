package io.backstream.support.security;

import io.micronaut.context.BeanContext;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says at start-up how callers can authenticate, and warns when they cannot at all (no token file and no JWKS):
 * the service then refuses every API call but {@code /health} with 401, which is safe but rarely what was meant.
 */
@Singleton
public class AuthenticationSources {

    private static final Logger LOG = LoggerFactory.getLogger(AuthenticationSources.class);
    static final String JWKS_PREFIX = "micronaut.security.token.jwt.signatures.jwks";

    private final BeanContext beans;
    private final Environment environment;

    AuthenticationSources(BeanContext beans, Environment environment) {
        this.beans = beans;
        this.environment = environment;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        boolean tokens = beans.containsBean(ApiTokens.class);
        boolean jwks = !environment.getPropertyEntries(JWKS_PREFIX).isEmpty();
        if (!tokens && !jwks) {
            LOG.warn("No API token file (backstream.security.tokens-file) and no JWKS ({}.*): every API request "
                    + "but /health is refused with 401", JWKS_PREFIX);
        } else {
            String sources = tokens && jwks ? "API token file and JWTs" : tokens ? "API token file" : "JWTs";
            LOG.info("API authentication: {}", sources);
        }
    }
}
