package io.backstream.support.security;

import java.util.List;
import java.util.Set;

/**
 * One entry of the API token file: the token itself is never stored, only its SHA-256.
 *
 * @param name    the principal name requests with this token act as
 * @param sha256  64 lowercase hex characters of SHA-256 of the token's UTF-8 bytes
 * @param roles   the granted roles (each includes the ones below it)
 * @param targets target globs; empty means every target
 */
public record ApiToken(String name, String sha256, Set<String> roles, List<String> targets) {

    public ApiToken {
        roles = Set.copyOf(roles);
        targets = List.copyOf(targets);
    }
}
