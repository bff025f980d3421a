package io.backstream.support.security;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the API token file:
 * <pre>
 * tokens:
 *   - name: alice
 *     sha256: 3f1c...            # SHA-256 hex of the token
 *     roles: [operator]
 *     targets: ["app-*"]         # optional
 * </pre>
 * Every entry is checked; a file with any bad entry is refused as a whole, naming the entry and field, so a typo
 * never silently widens or drops access.
 */
final class ApiTokenFile {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@:-]{0,127}");
    private static final Pattern GLOB = Pattern.compile("[A-Za-z0-9._*?-]{1,128}");

    private ApiTokenFile() {
    }

    /** The tokens of {@code file} by SHA-256 hex. */
    static Map<String, ApiToken> read(Path file) throws IOException {
        Object document;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        } catch (YAMLException e) {
            throw new InvalidTokenFileException(file + " is not valid YAML: " + firstLine(e.getMessage()));
        }
        if (document == null) {
            return Map.of();
        }
        if (!(document instanceof Map<?, ?> root) || !(root.get("tokens") instanceof List<?> entries)) {
            throw new InvalidTokenFileException(file + ": expected a top-level list 'tokens'");
        }
        Map<String, ApiToken> tokens = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            ApiToken token = entry(file, i, entries.get(i));
            if (!names.add(token.name())) {
                throw new InvalidTokenFileException(file + ": tokens[" + i + "].name '" + token.name() + "' is used twice");
            }
            if (tokens.putIfAbsent(token.sha256(), token) != null) {
                throw new InvalidTokenFileException(file + ": tokens[" + i + "].sha256 is used twice");
            }
        }
        return Map.copyOf(tokens);
    }

    private static ApiToken entry(Path file, int index, Object value) {
        String at = file + ": tokens[" + index + "]";
        if (!(value instanceof Map<?, ?> entry)) {
            throw new InvalidTokenFileException(at + " must be a mapping with name, sha256 and roles");
        }
        Set<String> known = Set.of("name", "sha256", "roles", "targets");
        for (Object key : entry.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                throw new InvalidTokenFileException(at + ": unknown field '" + key + "' (known: name, sha256, roles, targets)");
            }
        }
        String name = text(entry.get("name"));
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidTokenFileException(at + ".name must be 1-128 letters, digits or ._@:- and start with a letter or digit");
        }
        String sha256 = text(entry.get("sha256"));
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new InvalidTokenFileException(at + ".sha256 must be 64 lowercase hex characters (SHA-256 of the token)");
        }
        Set<String> roles = new LinkedHashSet<>(strings(at + ".roles", entry.get("roles")));
        if (roles.isEmpty()) {
            throw new InvalidTokenFileException(at + ".roles must name at least one of " + Roles.ALL);
        }
        for (String role : roles) {
            if (!Roles.ALL.contains(role)) {
                throw new InvalidTokenFileException(at + ".roles: '" + role + "' is not one of " + Roles.ALL);
            }
        }
        List<String> targets = entry.containsKey("targets") ? strings(at + ".targets", entry.get("targets")) : List.of();
        for (String glob : targets) {
            if (!GLOB.matcher(glob).matches()) {
                throw new InvalidTokenFileException(at + ".targets: '" + glob + "' is not a target id glob ([A-Za-z0-9._-], * and ?)");
            }
        }
        if (entry.containsKey("targets") && targets.isEmpty()) {
            throw new InvalidTokenFileException(at + ".targets is empty; leave it out for every target");
        }
        return new ApiToken(name, sha256, roles, targets);
    }

    private static List<String> strings(String at, Object value) {
        if (!(value instanceof Collection<?> list)) {
            throw new InvalidTokenFileException(at + " must be a list of strings");
        }
        List<String> strings = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof String text)) {
                throw new InvalidTokenFileException(at + " must be a list of strings");
            }
            strings.add(text.trim());
        }
        return strings;
    }

    private static String text(Object value) {
        return value instanceof String text ? text.trim() : null;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    /** The token file cannot be used; the message names the file, entry and field, never a token. */
    static final class InvalidTokenFileException extends RuntimeException {
        InvalidTokenFileException(String message) {
            super(message);
        }
    }
}
