package io.backstream.support.security;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The three roles of the HTTP APIs, each including the ones below it: an {@value #ADMIN} may do what an
 * {@value #OPERATOR} may, who may do what a {@value #VIEWER} may. {@code @Secured} names the lowest role an
 * endpoint needs; {@link #expand} gives a caller every role its granted ones include.
 */
public final class Roles {

    /** Catalog reads, the status page's data, metrics. */
    public static final String VIEWER = "viewer";
    /** Ad-hoc backups, restores into allowed roots, verification, download URLs. */
    public static final String OPERATOR = "operator";
    /** Policies, deletes, retention runs, catalog rebuild, storages. */
    public static final String ADMIN = "admin";

    /** From the highest to the lowest. */
    public static final List<String> ALL = List.of(ADMIN, OPERATOR, VIEWER);

    private Roles() {
    }

    /** Every known role the granted ones include; names that are not roles are dropped. */
    public static Set<String> expand(Collection<String> granted) {
        Set<String> roles = new LinkedHashSet<>();
        for (int i = 0; i < ALL.size(); i++) {
            if (granted.contains(ALL.get(i))) {
                roles.addAll(ALL.subList(i, ALL.size()));
                break;
            }
        }
        return roles;
    }
}
