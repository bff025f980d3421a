package io.backstream.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.backstream.schema.manifest.BackupManifests;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every schema file is itself a valid draft 2020-12 schema with a unique $id. */
class SchemaFilesTest {

    private static final JsonSchema META = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(SchemaLocation.of(SchemaId.V202012));

    static Stream<String> schemas() {
        List<String> resources = new ArrayList<>();
        Stream.of(EventType.values()).map(EventType::schemaResource).forEach(resources::add);
        resources.add(EventValidator.ENVELOPE_SCHEMA);
        resources.add(BackupManifests.SCHEMA);
        resources.add(EventType.SCHEMA_FOLDER + "chunk-headers.schema.json");
        return resources.stream();
    }

    @ParameterizedTest
    @MethodSource("schemas")
    void isAValidDraft202012Schema(String resource) throws Exception {
        try (InputStream in = SchemaFilesTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            JsonNode schema = Json.newMapper().readTree(in);
            Set<ValidationMessage> errors = META.validate(schema);
            assertEquals(Set.of(), errors, resource);
            String file = resource.substring(resource.lastIndexOf('/') + 1);
            assertEquals("https://backstream.io/schemas/v1/" + file, schema.path("$id").asText());
            assertTrue(schema.path("required").size() > 0, resource + " lists required properties");
        }
    }

    /** No field takes text of any length: every string property has a maxLength (or is an enum or a const). */
    @ParameterizedTest
    @MethodSource("schemas")
    void everyStringIsBounded(String resource) throws Exception {
        try (InputStream in = SchemaFilesTest.class.getResourceAsStream(resource)) {
            List<String> unbounded = new ArrayList<>();
            unboundedStrings(Json.newMapper().readTree(in), "", unbounded);
            assertEquals(List.of(), unbounded, resource);
        }
    }

    /** Walks properties and array items; allOf/anyOf branches only narrow fields declared there. */
    private static void unboundedStrings(JsonNode schema, String pointer, List<String> unbounded) {
        JsonNode type = schema.path("type");
        boolean string = "string".equals(type.asText()) || type.isArray() && type.toString().contains("\"string\"");
        if (string && !schema.has("maxLength") && !schema.has("enum") && !schema.has("const")) {
            unbounded.add(pointer);
        }
        schema.path("properties").fields().forEachRemaining(
                field -> unboundedStrings(field.getValue(), pointer + "/" + field.getKey(), unbounded));
        if (schema.path("items").isObject()) {
            unboundedStrings(schema.get("items"), pointer + "/items", unbounded);
        }
    }
}
