package io.backstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Consistency rules of a compose file against the services' configuration; each violation is one readable line. */
final class ComposeChecks {

    /**
     * Variables the services read outside Micronaut's configuration: the log format picks the logback appender,
     * JAVA_TOOL_OPTIONS is read by the JVM itself.
     */
    static final Set<String> NOT_CONFIGURATION = Set.of("BACKSTREAM_LOG_FORMAT", "JAVA_TOOL_OPTIONS");

    private ComposeChecks() {
    }

    /** Every environment variable of a Backstream service that maps to no configuration key of that service. */
    static List<String> unknownVariables(JsonNode compose, Function<String, ConfigKeys> keysOf) {
        List<String> violations = new ArrayList<>();
        for (String service : Repo.SERVICES.keySet()) {
            JsonNode definition = compose.path("services").path(service);
            if (definition.isMissingNode()) {
                violations.add(service + ": missing from the compose file");
                continue;
            }
            ConfigKeys keys = keysOf.apply(service);
            for (String name : variableNames(definition.path("environment"))) {
                if (!NOT_CONFIGURATION.contains(name) && !keys.accepts(name)) {
                    violations.add(service + ": " + name + " names no configuration key (tried "
                            + ConfigKeys.candidates(name).get(0) + " and its '-' variants)");
                }
            }
        }
        return violations;
    }

    /** Published ports that differ from the defaults users rely on (DESIGN.md). */
    static List<String> portMismatches(JsonNode compose, Map<String, Integer> expected) {
        List<String> violations = new ArrayList<>();
        expected.forEach((service, port) -> {
            List<String> ports = new ArrayList<>();
            compose.path("services").path(service).path("ports").forEach(p -> ports.add(p.asText()));
            if (!ports.contains(port + ":" + port)) {
                violations.add(service + ": publishes " + ports + ", expected " + port + ":" + port);
            }
        });
        return violations;
    }

    /** Names of an environment block in either compose form: a map, or a list of NAME=value. */
    static List<String> variableNames(JsonNode environment) {
        List<String> names = new ArrayList<>();
        if (environment.isObject()) {
            for (Iterator<String> it = environment.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
        } else {
            environment.forEach(entry -> names.add(entry.asText().split("=", 2)[0]));
        }
        return names;
    }
}
