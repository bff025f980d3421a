package io.backstream.ctl;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the services are; backupctl speaks only their authenticated HTTP APIs, never Kafka. Each value comes from,
 * in this order: the command-line flag, the environment ({@code BACKSTREAM_SCHEDULER_URL},
 * {@code BACKSTREAM_CATALOG_URL}, {@code BACKSTREAM_RESTORE_URL}), the nearest {@code .backstream/stack.json} in
 * the working directory or one of its parents (written by the dev stack), else the defaults of a local stack.
 */
public record Endpoints(URI scheduler, URI catalog, URI restore) {

    public static final String DEFAULT_SCHEDULER = "http://127.0.0.1:8081";
    public static final String DEFAULT_CATALOG = "http://127.0.0.1:8084";
    public static final String DEFAULT_RESTORE = "http://127.0.0.1:8085";

    /** Values given on the command line; null when not given. */
    public record Flags(String scheduler, String catalog, String restore) {
    }

    /**
     * Resolves every endpoint.
     *
     * @param workingDir where to start looking for {@code .backstream/stack.json}
     * @throws CtlException (usage) when a URL is malformed or stack.json cannot be read
     */
    public static Endpoints resolve(Flags flags, Map<String, String> environment, Path workingDir) {
        StackFile stack = StackFile.find(workingDir).orElse(null);
        String scheduler = pick(flags.scheduler(), environment.get("BACKSTREAM_SCHEDULER_URL"),
                service(stack, "scheduler-svc"), DEFAULT_SCHEDULER);
        String catalog = pick(flags.catalog(), environment.get("BACKSTREAM_CATALOG_URL"),
                service(stack, "catalog-svc"), DEFAULT_CATALOG);
        String restore = pick(flags.restore(), environment.get("BACKSTREAM_RESTORE_URL"),
                service(stack, "restore-svc"), DEFAULT_RESTORE);
        return new Endpoints(uri("--scheduler-url", scheduler), uri("--catalog-url", catalog),
                uri("--restore-url", restore));
    }

    private static String service(StackFile stack, String name) {
        return stack == null ? null : stack.text("services", name);
    }

    private static String pick(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate.trim();
            }
        }
        throw new IllegalStateException("no default");
    }

    private static URI uri(String option, String value) {
        try {
            URI uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            if (uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new CtlException(ExitCodes.USAGE, option + ": '" + value + "' is not an http(s) URL");
        }
    }
}
