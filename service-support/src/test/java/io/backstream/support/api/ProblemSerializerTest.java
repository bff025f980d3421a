package io.backstream.support.api;

import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpStatus;
import io.micronaut.json.JsonMapper;
import io.micronaut.problem.HttpStatusType;
import org.junit.jupiter.api.Test;
import org.zalando.problem.Problem;
import org.zalando.problem.Status;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Problems leave a service in the RFC 9457 shape: numeric status, extra members at the top level. */
class ProblemSerializerTest {

    /** A syntactically valid address nobody is asked: this context provisions no topics. */
    private static final Map<String, Object> NO_BROKER = Map.of("kafka.bootstrap.servers", "127.0.0.1:9");

    @Test
    void statusIsANumberAndExtrasAreTopLevelMembers() throws Exception {
        try (ApplicationContext context = ApplicationContext.run(NO_BROKER)) {
            JsonMapper mapper = context.getBean(JsonMapper.class);
            Problem problem = Problem.builder()
                    .withType(URI.create("https://backstream.io/problems/bad-parameter"))
                    .withTitle("Bad Request")
                    .withStatus(new HttpStatusType(HttpStatus.BAD_REQUEST))
                    .withDetail("limit: must be between 1 and 500")
                    .with("parameter", "limit")
                    .with("violations", List.of(Map.of("field", "limit", "message", "too big")))
                    .build();

            @SuppressWarnings("unchecked")
            Map<String, Object> json = mapper.readValue(mapper.writeValueAsString(problem), Map.class);

            assertEquals("https://backstream.io/problems/bad-parameter", json.get("type"));
            assertEquals("Bad Request", json.get("title"));
            assertEquals(400, ((Number) json.get("status")).intValue());
            assertEquals("limit: must be between 1 and 500", json.get("detail"));
            assertEquals("limit", json.get("parameter"));
            assertEquals(List.of(Map.of("field", "limit", "message", "too big")), json.get("violations"));
            assertFalse(json.containsKey("parameters"), json.toString());
        }
    }

    @Test
    void aProblemWithoutTypeIsAboutBlank() throws Exception {
        try (ApplicationContext context = ApplicationContext.run(NO_BROKER)) {
            JsonMapper mapper = context.getBean(JsonMapper.class);
            @SuppressWarnings("unchecked")
            Map<String, Object> json = mapper.readValue(mapper.writeValueAsString(
                    Problem.builder().withStatus(Status.NOT_FOUND).withTitle("Not Found").build()), Map.class);
            assertEquals("about:blank", json.get("type"));
            assertEquals(404, ((Number) json.get("status")).intValue());
        }
    }
}
