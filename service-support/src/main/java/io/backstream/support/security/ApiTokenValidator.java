package io.backstream.support.security;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.util.Map;

/**
 * Accepts a bearer token whose SHA-256 is in the API token file. Runs before the JWT validator: an API token is
 * never a JWT, and a JWT is never in the file, so the order only saves a failed JWT parse per API token request.
 */
@Singleton
@Requires(beans = ApiTokens.class)
public class ApiTokenValidator implements TokenValidator<HttpRequest<?>> {

    /** Longer than any token this project makes, so hashing an attacker's megabyte is never asked for. */
    static final int MAX_TOKEN_LENGTH = 4096;

    private final ApiTokens tokens;
    private final String targetsAttribute;

    ApiTokenValidator(ApiTokens tokens, SecurityConfiguration configuration) {
        this.tokens = tokens;
        this.targetsAttribute = configuration.getTargetsClaim();
    }

    @Override
    public Publisher<Authentication> validateToken(String token, HttpRequest<?> request) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return Publishers.empty();
        }
        return tokens.find(token)
                .map(entry -> Publishers.just(Authentication.build(entry.name(), Roles.expand(entry.roles()),
                        Map.of(targetsAttribute, entry.targets()))))
                .orElseGet(Publishers::empty);
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE + 100;
    }
}
