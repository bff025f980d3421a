package io.backstream.support.security;

import io.micronaut.security.authentication.Authentication;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The authenticated principal of a request: its name (what {@code requestedBy} and the audit log say), its roles
 * with the ones they include, and the targets it may see. Controllers take it as a parameter
 * ({@link CallerArgumentBinder}).
 *
 * @param name  the token's name, or the JWT's subject
 * @param roles every role the caller has, included ones too
 * @param scope the targets it may see
 */
public record Caller(String name, Set<String> roles, TargetScope scope) {

    /** Attribute of an {@link Authentication} that holds the caller's target globs. */
    public static final String TARGETS_ATTRIBUTE = "backstream_targets";

    public Caller {
        roles = Set.copyOf(roles);
    }

    /**
     * The caller an authentication stands for.
     *
     * @param targetsAttribute the attribute (JWT claim) holding the target globs: a list of strings or one
     *                         comma-separated string
     */
    public static Caller of(Authentication authentication, String targetsAttribute) {
        Object targets = authentication.getAttributes().get(targetsAttribute);
        List<String> globs;
        if (targets instanceof Collection<?> list) {
            globs = list.stream().map(String::valueOf).map(String::trim).filter(glob -> !glob.isEmpty()).toList();
        } else if (targets instanceof String text) {
            globs = List.of(text.split(",")).stream().map(String::trim).filter(glob -> !glob.isEmpty()).toList();
        } else {
            globs = List.of();
        }
        return new Caller(authentication.getName(), Roles.expand(authentication.getRoles()), TargetScope.of(globs));
    }

    /** Whether the caller has {@code role} (granted or included). */
    public boolean has(String role) {
        return roles.contains(role);
    }
}
