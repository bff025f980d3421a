package io.backstream.support.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.Encoder;
import io.micronaut.serde.Serializer;
import jakarta.inject.Singleton;
import org.zalando.problem.Problem;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Writes every problem+json answer in the standard RFC 9457 shape: {@code type} (default {@code about:blank}),
 * {@code title}, {@code status} as a number, {@code detail}, {@code instance}, and extra members (such as
 * {@code violations}, see {@link Problems}) at the top level. micronaut-problem-json 3.3.0, the newest on the mirror,
 * serialises problems through bean introspection instead, which nests the extras under {@code parameters}. Active
 * in every service that has micronaut-problem-json on its class path.
 */
@Singleton
@Requires(classes = Problem.class)
public class ProblemSerializer implements Serializer<Problem> {

    @Override
    public void serialize(Encoder encoder, EncoderContext context, Argument<? extends Problem> type, Problem problem)
            throws IOException {
        try (Encoder object = encoder.encodeObject(type)) {
            object.encodeKey("type");
            object.encodeString(problem.getType() == null ? Problem.DEFAULT_TYPE.toString()
                    : problem.getType().toString());
            member(object, "title", problem.getTitle());
            if (problem.getStatus() != null) {
                object.encodeKey("status");
                object.encodeInt(problem.getStatus().getStatusCode());
            }
            member(object, "detail", problem.getDetail());
            member(object, "instance", problem.getInstance() == null ? null : problem.getInstance().toString());
            for (Map.Entry<String, Object> parameter : problem.getParameters().entrySet()) {
                object.encodeKey(parameter.getKey());
                value(object, parameter.getValue());
            }
        }
    }

    private static void member(Encoder object, String key, String value) throws IOException {
        if (value != null) {
            object.encodeKey(key);
            object.encodeString(value);
        }
    }

    private static void value(Encoder encoder, Object value) throws IOException {
        if (value == null) {
            encoder.encodeNull();
        } else if (value instanceof Number number) {
            encoder.encodeLong(number.longValue());
        } else if (value instanceof Boolean bool) {
            encoder.encodeBoolean(bool);
        } else if (value instanceof List<?> list) {
            try (Encoder array = encoder.encodeArray(Argument.listOf(Object.class))) {
                for (Object item : list) {
                    value(array, item);
                }
            }
        } else if (value instanceof Map<?, ?> map) {
            try (Encoder object = encoder.encodeObject(Argument.mapOf(String.class, Object.class))) {
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    object.encodeKey(String.valueOf(entry.getKey()));
                    value(object, entry.getValue());
                }
            }
        } else {
            encoder.encodeString(value.toString());
        }
    }
}
