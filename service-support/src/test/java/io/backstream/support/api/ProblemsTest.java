package io.backstream.support.api;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.zalando.problem.Problem;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The error shape every service answers, as a client reads it off the wire. */
class ProblemsTest {

    private static ApplicationContext context;
    private static JsonMapper mapper;

    @BeforeAll
    static void start() {
        context = ApplicationContext.run(Map.of("kafka.bootstrap.servers", "127.0.0.1:9"));
        mapper = context.getBean(JsonMapper.class);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    void anInvalidRequestNamesEveryFieldInDetailAndViolations() throws Exception {
        Map<String, Object> json = wire(Problems.invalid(List.of(
                new Problems.FieldError("targets[1]", "unknown target 'x'"),
                new Problems.FieldError("retention.keepLast", "must be at least 1"))));

        assertEquals(Map.of(
                "type", "https://backstream.io/problems/invalid-request",
                "title", "Invalid request",
                "status", 400,
                "detail", "targets[1]: unknown target 'x'; retention.keepLast: must be at least 1",
                "violations", List.of(
                        Map.of("field", "targets[1]", "message", "unknown target 'x'"),
                        Map.of("field", "retention.keepLast", "message", "must be at least 1"))), json);
    }

    @Test
    void oneBadParameterIsOneViolation() throws Exception {
        Map<String, Object> json = wire(Problems.invalid("limit", "must be between 1 and 500"));

        assertEquals("limit: must be between 1 and 500", json.get("detail"));
        assertEquals(List.of(Map.of("field", "limit", "message", "must be between 1 and 500")), json.get("violations"));
    }

    @Test
    void notFoundAndUpstreamFailedCarryTheirStatusAndDetailOnly() throws Exception {
        assertEquals(Map.of("type", "https://backstream.io/problems/not-found", "title", "Not found", "status", 404,
                "detail", "id: no backup b-1"), wire(Problems.notFound("id: no backup b-1")));
        assertEquals(Map.of("type", "https://backstream.io/problems/upstream-failed", "title", "Upstream failed",
                "status", 502, "detail", "catalog-svc answered 500"),
                wire(Problems.upstreamFailed("catalog-svc answered 500")));
    }

    @Test
    void anInvalidRequestWithoutFieldsIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> Problems.invalid(List.of()));
    }

    @Test
    void extensionMembersAreNotNested() throws Exception {
        assertFalse(wire(Problems.invalid("sort", "must be createdAt:desc")).containsKey("parameters"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> wire(Problem problem) throws Exception {
        return mapper.readValue(mapper.writeValueAsString(problem), Map.class);
    }
}
