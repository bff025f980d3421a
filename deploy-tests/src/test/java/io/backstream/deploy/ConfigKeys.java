package io.backstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The configuration keys a service understands: every leaf of its {@code application.yml} plus
 * {@code prefix + setter} of each {@code @ConfigurationProperties}/{@code @EachProperty} class in its sources
 * ({@code *} stands for the name segment of an {@code @EachProperty}), and {@code prefix + setter} of the class of
 * each {@code @ConfigurationBuilder(prefixes = "set")} field such a class holds. {@link #accepts(String)} answers
 * whether an environment variable reaches one of them the way Micronaut maps variables (lower case, each {@code _}
 * either {@code .} or {@code -}).
 */
final class ConfigKeys {

    private static final Pattern ANNOTATION =
            Pattern.compile("@(ConfigurationProperties|EachProperty)\\(\\s*(?:value\\s*=\\s*)?\"([^\"]+)\"");
    private static final Pattern CLASS = Pattern.compile("\\b(class|record|interface)\\s+\\w+");
    private static final Pattern SETTER = Pattern.compile("\\bpublic\\s+void\\s+set([A-Z]\\w*)\\s*\\(");
    private static final Pattern BUILDER = Pattern.compile("@ConfigurationBuilder\\(\\s*prefixes\\s*=\\s*\"set\"");
    private static final Pattern TOP_LEVEL_CLASS =
            Pattern.compile("^(?:public\\s+)?(?:(?:final|abstract)\\s+)*(?:class|record|interface|enum)\\s+(\\w+)");
    private static final Pattern FIELD_TYPE = Pattern.compile("^\\s*(?:\\w+\\s+)*?(\\w+)\\s+\\w+\\s*[;=]");

    private final Set<String> patterns = new LinkedHashSet<>();
    /** Builder class name to the prefixes of the fields of that class. */
    private final Map<String, List<String>> builderPrefixes = new HashMap<>();
    /** Class name to the keys its public setters bind. */
    private final Map<String, List<String>> settersByClass = new HashMap<>();

    /** Keys of the given application.yml files and source trees. */
    static ConfigKeys of(List<Path> applicationYmls, List<Path> sourceRoots) {
        ConfigKeys keys = new ConfigKeys();
        applicationYmls.forEach(keys::addYaml);
        sourceRoots.forEach(keys::addSources);
        keys.builderPrefixes.forEach((type, prefixes) -> prefixes.forEach(prefix -> keys.settersByClass
                .getOrDefault(type, List.of()).forEach(key -> keys.patterns.add(prefix + "." + key))));
        return keys;
    }

    /** Whether some mapping of {@code envName} is a known key. */
    boolean accepts(String envName) {
        return candidates(envName).stream().anyMatch(this::known);
    }

    /** The property names Micronaut derives from an environment variable name. */
    static List<String> candidates(String envName) {
        String[] parts = envName.toLowerCase(Locale.ROOT).split("_");
        List<String> out = new ArrayList<>();
        int joints = parts.length - 1;
        for (int mask = 0; mask < (1 << joints); mask++) {
            StringBuilder key = new StringBuilder(parts[0]);
            for (int i = 1; i < parts.length; i++) {
                key.append((mask & (1 << (i - 1))) == 0 ? '.' : '-').append(parts[i]);
            }
            out.add(key.toString());
        }
        return out;
    }

    Set<String> patterns() {
        return patterns;
    }

    private boolean known(String key) {
        String[] segments = key.split("\\.");
        for (String pattern : patterns) {
            String[] expected = pattern.split("\\.");
            if (expected.length != segments.length) {
                continue;
            }
            boolean match = true;
            for (int i = 0; i < expected.length && match; i++) {
                match = expected[i].equals("*") || expected[i].equals(segments[i]);
            }
            if (match) {
                return true;
            }
        }
        return false;
    }

    private void addYaml(Path file) {
        try {
            flatten("", new ObjectMapper(new YAMLFactory()).readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void flatten(String prefix, JsonNode node) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue());
            }
        } else {
            patterns.add(prefix);
        }
    }

    private void addSources(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                addSource(Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Walks one source file tracking class nesting, so nested property classes extend the outer prefix. */
    private void addSource(String source) {
        record Scope(int depth, String prefix) {
        }
        Deque<Scope> scopes = new ArrayDeque<>();
        String pending = null;
        boolean builderField = false;
        String declared = null;
        int depth = 0;
        for (String line : source.split("\n")) {
            Matcher declaration = TOP_LEVEL_CLASS.matcher(line);
            if (declared == null && declaration.find()) {
                declared = declaration.group(1);
            }
            Matcher annotation = ANNOTATION.matcher(line);
            if (annotation.find()) {
                String outer = scopes.isEmpty() ? "" : scopes.peek().prefix() + ".";
                pending = outer + annotation.group(2) + (annotation.group(1).equals("EachProperty") ? ".*" : "");
            }
            if (pending != null && CLASS.matcher(line).find()) {
                scopes.push(new Scope(depth + 1, pending));
                pending = null;
            }
            Matcher setter = SETTER.matcher(line);
            if (setter.find()) {
                if (!scopes.isEmpty() && scopes.peek().depth() == depth) {
                    patterns.add(scopes.peek().prefix() + "." + kebab(setter.group(1)));
                }
                settersByClass.computeIfAbsent(declared, name -> new ArrayList<>()).add(kebab(setter.group(1)));
            }
            Matcher field = FIELD_TYPE.matcher(line);
            if (builderField && field.find() && !scopes.isEmpty()) {
                builderPrefixes.computeIfAbsent(field.group(1), type -> new ArrayList<>()).add(scopes.peek().prefix());
                builderField = false;
            }
            builderField |= BUILDER.matcher(line).find();
            for (char c : line.toCharArray()) {
                if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    depth--;
                    while (!scopes.isEmpty() && scopes.peek().depth() > depth) {
                        scopes.pop();
                    }
                }
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
