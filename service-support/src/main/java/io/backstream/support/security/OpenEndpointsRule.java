package io.backstream.support.security;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.rules.SecurityRuleResult;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

/**
 * The management paths, decided before any other rule: {@code /health} and its sub-paths and the OpenAPI documents
 * are open (load balancers and orchestrators probe without credentials; the API's shape is no secret);
 * {@code /prometheus} needs a viewer unless {@code backstream.security.metrics-open}. Everything else is left to
 * the controllers' {@code @Secured}; what no rule allows is refused.
 */
@Singleton
public class OpenEndpointsRule implements SecurityRule<HttpRequest<?>> {

    /** Before Micronaut's own rules, so the sensitivity of a management endpoint cannot open it. */
    static final int ORDER = -1000;

    private final boolean metricsOpen;

    OpenEndpointsRule(SecurityConfiguration configuration) {
        this.metricsOpen = configuration.isMetricsOpen();
    }

    @Override
    public Publisher<SecurityRuleResult> check(HttpRequest<?> request, Authentication authentication) {
        if (request == null) {
            return Publishers.just(SecurityRuleResult.UNKNOWN);
        }
        String path = request.getPath();
        boolean read = request.getMethod() == HttpMethod.GET || request.getMethod() == HttpMethod.HEAD;
        if (read && (path.equals("/health") || path.startsWith("/health/") || path.startsWith("/openapi/"))) {
            return Publishers.just(SecurityRuleResult.ALLOWED);
        }
        if (path.equals("/prometheus")) {
            boolean viewer = authentication != null && Roles.expand(authentication.getRoles()).contains(Roles.VIEWER);
            return Publishers.just(metricsOpen || viewer ? SecurityRuleResult.ALLOWED : SecurityRuleResult.REJECTED);
        }
        return Publishers.just(SecurityRuleResult.UNKNOWN);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
