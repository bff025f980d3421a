package io.backstream.ctl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstream.schema.Json;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * JSON over HTTP to one Backstream service, each request with the caller's bearer token. Error answers become a
 * {@link CtlException} carrying the problem+json {@code detail} (exit 1; 401 exit 4, 403 exit 5); a service that
 * cannot be reached becomes exit 3 naming the service and URL.
 */
public final class ServiceClient {

    private static final ObjectMapper JSON = Json.newMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final String name;
    private final URI base;
    private final Duration timeout;
    private final BearerToken token;

    /** A client of service {@code name} (used in messages) at {@code base}, sending {@code token} if present. */
    ServiceClient(String name, URI base, Duration timeout, BearerToken token) {
        this.name = name;
        this.base = base;
        this.timeout = timeout;
        this.token = token;
    }

    /** A successful answer: the raw body (for {@code -o json}) and its parsed form (null when empty). */
    public record Answer(int status, String body, JsonNode json) {

        /** The parsed body as {@code type}, e.g. one of the catalog's records in {@code io.backstream.schema.catalog}. */
        public <T> T as(Class<T> type) {
            return read(json, type);
        }
    }

    /** {@code json} as {@code type}; a body of another shape fails naming the type. */
    static <T> T read(JsonNode json, Class<T> type) {
        try {
            return JSON.treeToValue(json, type);
        } catch (JsonProcessingException e) {
            throw new CtlException(ExitCodes.FAILED, "unexpected answer, not a " + type.getSimpleName() + ": "
                    + e.getOriginalMessage());
        }
    }

    public Answer get(String path) {
        return send("GET", path, null);
    }

    /** GET that answers empty on 404 instead of failing (for polling something not projected yet). */
    public Optional<Answer> find(String path) {
        HttpResponse<String> response = exchange("GET", path, null);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(answer("GET", path, response));
    }

    public Answer post(String path, String jsonBody) {
        return send("POST", path, jsonBody);
    }

    public Answer put(String path, String jsonBody) {
        return send("PUT", path, jsonBody);
    }

    public Answer delete(String path) {
        return send("DELETE", path, null);
    }

    /** {@code path} followed by the non-null query parameters, URL-encoded, in the given order. */
    public static String path(String path, Map<String, ?> query) {
        String parameters = query.entrySet().stream()
                .filter(entry -> entry.getValue() != null)
                .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue().toString(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return parameters.isEmpty() ? path : path + "?" + parameters;
    }

    /** A path segment, URL-encoded (ids may contain {@code @} or {@code :}). */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Ordered query parameters, nulls allowed (they are left out). */
    public static Map<String, Object> query(Object... keysAndValues) {
        Map<String, Object> query = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            query.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return query;
    }

    private Answer send(String method, String path, String jsonBody) {
        return answer(method, path, exchange(method, path, jsonBody));
    }

    private HttpResponse<String> exchange(String method, String path, String jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(timeout)
                .header("Accept", "application/json, application/problem+json");
        if (token.present()) {
            request.header("Authorization", token.header());
        }
        if (jsonBody == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw unreachable("connection refused or timed out");
        } catch (HttpTimeoutException e) {
            throw new CtlException(ExitCodes.UNREACHABLE, name + " at " + base + " did not answer within "
                    + Format.duration(timeout));
        } catch (IOException e) {
            throw unreachable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CtlException(ExitCodes.FAILED, "interrupted");
        }
    }

    private CtlException unreachable(String why) {
        return new CtlException(ExitCodes.UNREACHABLE, name + " is not reachable at " + base + " (" + why
                + "); is the stack running? Set the URL with --" + name.replace("-svc", "") + "-url or BACKSTREAM_"
                + name.replace("-svc", "").toUpperCase(java.util.Locale.ROOT) + "_URL");
    }

    private Answer answer(String method, String path, HttpResponse<String> response) {
        String body = response.body() == null ? "" : response.body();
        JsonNode json = null;
        if (!body.isBlank()) {
            try {
                json = JSON.readTree(body);
            } catch (JsonProcessingException e) {
                json = null;
            }
        }
        if (response.statusCode() == 401) {
            throw new CtlException(ExitCodes.UNAUTHENTICATED, name + ": token missing or rejected: " + (token.present()
                    ? "it does not accept the token from " + token.origin() + " (unknown, expired or badly signed)"
                    : "no token given; pass --token, set " + BearerToken.ENVIRONMENT
                            + " or run in a directory whose .backstream/stack.json names a tokenFile") + " (HTTP 401)");
        }
        if (response.statusCode() == 403) {
            throw new CtlException(ExitCodes.FORBIDDEN, name + ": permission denied: "
                    + problem(response.statusCode(), json, body));
        }
        if (response.statusCode() >= 400) {
            throw new CtlException(ExitCodes.FAILED, name + ": " + problem(response.statusCode(), json, body));
        }
        if (json == null && !body.isBlank()) {
            throw new CtlException(ExitCodes.FAILED, name + " answered " + method + " " + path
                    + " with a body that is not JSON");
        }
        return new Answer(response.statusCode(), body, json);
    }

    /** The most helpful line of an error answer: problem+json detail, else title, else the status. */
    static String problem(int status, JsonNode json, String body) {
        if (json != null && json.hasNonNull("detail")) {
            return json.get("detail").asText() + " (HTTP " + status + ")";
        }
        if (json != null && json.hasNonNull("message")) {
            return json.get("message").asText() + " (HTTP " + status + ")";
        }
        if (json != null && json.hasNonNull("title")) {
            return json.get("title").asText() + " (HTTP " + status + ")";
        }
        return "HTTP " + status + (body.isBlank() || body.length() > 200 ? "" : ": " + body.strip());
    }
}
