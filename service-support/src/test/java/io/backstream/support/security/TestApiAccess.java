package io.backstream.support.security;

import io.backstream.testkit.TestTokens;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.BlockingHttpClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * API access for a test that starts one service in process: a tokens file with an admin token (and any others the
 * test names), the property that makes the service read it, and a client that sends the admin token on every
 * request that does not carry its own {@code Authorization} header.
 */
public final class TestApiAccess {

    /** The token {@link #authorized} sends. */
    public static final TestTokens.Token ADMIN = TestTokens.generate("test-admin", Roles.ADMIN);

    private TestApiAccess() {
    }

    /** The service property for a tokens file holding {@link #ADMIN} and {@code others}. */
    public static Map<String, Object> properties(TestTokens.Token... others) {
        try {
            Path dir = Files.createTempDirectory("api-tokens");
            dir.toFile().deleteOnExit();
            List<TestTokens.Token> tokens = new ArrayList<>(List.of(others));
            tokens.add(0, ADMIN);
            Path file = TestTokens.write(dir.resolve("tokens.yml"), tokens);
            file.toFile().deleteOnExit();
            return Map.of("backstream.security.tokens-file", file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code client} sending {@link #ADMIN} unless a request names its own credentials. */
    public static BlockingHttpClient authorized(BlockingHttpClient client) {
        return new BlockingHttpClient() {
            @Override
            public <I, O, E> HttpResponse<O> exchange(HttpRequest<I> request, Argument<O> bodyType,
                                                      Argument<E> errorType) {
                if (request instanceof MutableHttpRequest<I> mutable
                        && !request.getHeaders().contains(HttpHeaders.AUTHORIZATION)) {
                    mutable.bearerAuth(ADMIN.secret());
                }
                return client.exchange(request, bodyType, errorType);
            }

            @Override
            public boolean isRunning() {
                return client.isRunning();
            }

            @Override
            public void close() {
                client.close();
            }
        };
    }
}
