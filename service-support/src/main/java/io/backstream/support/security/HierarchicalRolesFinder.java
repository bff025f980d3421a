package io.backstream.support.security;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.security.token.DefaultRolesFinder;
import io.micronaut.security.token.config.TokenConfiguration;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;

/**
 * Reads a JWT's roles from the claim {@code micronaut.security.token.roles-name} names, as Micronaut does, and adds
 * the roles each one includes, so a JWT with {@code admin} passes an endpoint that needs {@code viewer}.
 */
@Singleton
@Replaces(DefaultRolesFinder.class)
public class HierarchicalRolesFinder extends DefaultRolesFinder {

    HierarchicalRolesFinder(TokenConfiguration configuration) {
        super(configuration);
    }

    @Override
    public List<String> resolveRoles(Map<String, Object> attributes) {
        return List.copyOf(Roles.expand(super.resolveRoles(attributes)));
    }
}
