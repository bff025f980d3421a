package io.backstream.support.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail of the HTTP APIs: one INFO line per accepted mutation on logger {@code io.backstream.audit}, with
 * the principal, the action and what it acted on. Values come from requests, so control characters are replaced
 * and a caller cannot forge a second line.
 */
public final class MutationAudit {

    private static final Logger AUDIT = LoggerFactory.getLogger("io.backstream.audit");
    private static final int MAX_VALUE = 256;

    private MutationAudit() {
    }

    /**
     * Logs that {@code caller} did {@code action} (e.g. {@code policy.replace}) to {@code target} (e.g. a policy
     * id, a backup id, a target id).
     */
    public static void record(Caller caller, String action, String target) {
        AUDIT.info("principal={} action={} target={}", clean(caller.name()), clean(action), clean(target));
    }

    static String clean(String value) {
        if (value == null) {
            return "-";
        }
        String shown = value.length() > MAX_VALUE ? value.substring(0, MAX_VALUE) + "..." : value;
        return shown.replaceAll("[\\p{Cntrl}\\s]", "_");
    }
}
