package io.backstream.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates JSON against the Backstream schemas (draft 2020-12, formats asserted). Thread-safe; schemas are
 * loaded once and cached. Each error is {@code <json pointer>: <message>} and never repeats the value.
 */
public final class EventValidator {

    /** Classpath resource of the CloudEvents envelope schema. */
    public static final String ENVELOPE_SCHEMA = EventType.SCHEMA_FOLDER + "cloudevent.schema.json";

    private final ObjectMapper mapper = Json.newMapper();
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .pathType(PathType.JSON_POINTER)
            .build();
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    /** Loads the envelope and every event schema now, so a broken schema fails at start-up. */
    public EventValidator() {
        schema(ENVELOPE_SCHEMA);
        for (EventType type : EventType.values()) {
            schema(type.schemaResource());
        }
    }

    /** Errors of {@code data} against the schema of {@code type}; empty when valid. */
    public List<String> validate(EventType type, JsonNode data) {
        return validate(type.schemaResource(), data);
    }

    /** Errors of a whole CloudEvent (envelope attributes only, not {@code data}); empty when valid. */
    public List<String> validateEnvelope(JsonNode event) {
        return validate(ENVELOPE_SCHEMA, event);
    }

    /** Errors of {@code node} against the schema at classpath {@code schemaResource}; empty when valid. */
    public List<String> validate(String schemaResource, JsonNode node) {
        return schema(schemaResource).validate(node).stream()
                .map(EventValidator::describe)
                .sorted(Comparator.naturalOrder())
                .toList();
    }

    private static String describe(ValidationMessage message) {
        String pointer = message.getInstanceLocation().toString();
        if ("required".equals(message.getType()) && message.getProperty() != null) {
            pointer = (pointer.endsWith("/") ? pointer : pointer + "/") + message.getProperty();
        }
        if (pointer.isEmpty()) {
            pointer = "/";
        }
        return pointer + ": " + message.getError();
    }

    private JsonSchema schema(String resource) {
        return schemas.computeIfAbsent(resource, this::load);
    }

    private JsonSchema load(String resource) {
        try (InputStream in = EventValidator.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Schema resource missing: " + resource);
            }
            return factory.getSchema(mapper.readTree(in), config);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read schema " + resource, e);
        }
    }
}
