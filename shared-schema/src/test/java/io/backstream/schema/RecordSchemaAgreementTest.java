package io.backstream.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstream.schema.manifest.BackupManifest;
import io.backstream.schema.manifest.BackupManifests;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class RecordSchemaAgreementTest {

    private static final EventCodec CODEC = new EventCodec();
    private static final ObjectMapper MAPPER = CODEC.mapper();

    @ParameterizedTest
    @EnumSource(EventType.class)
    void fullyPopulatedRecordValidatesAndRoundTrips(EventType type) throws Exception {
        Object data = Samples.record(type.dataClass());
        assertNoNullComponents(data, type.name());

        List<String> errors = CODEC.validator().validate(type, MAPPER.valueToTree(data));
        assertEquals(List.of(), errors, type + " sample breaks its schema");

        CloudEvent<Object> event = CODEC.create("/test", "subject-1", data);
        assertEquals(type.type(), event.type());
        CloudEvent<?> decoded = CODEC.decode(CODEC.encode(event));
        assertEquals(event, decoded);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaPropertiesMatchRecordComponents(EventType type) throws IOException {
        JsonNode schema = schema(type.schemaResource());
        assertEquals("https://json-schema.org/draft/2020-12/schema", schema.path("$schema").asText());
        assertTrue(schema.path("$id").asText().endsWith(type.schemaResource().substring(
                type.schemaResource().lastIndexOf('/') + 1)), "$id of " + type);
        assertTrue(schema.path("additionalProperties").isMissingNode(), "data must stay open for new fields");
        assertAgrees(type.dataClass(), schema, type.name());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void recordKeyIsTheFieldTheTopicIsKeyedBy(EventType type) throws Exception {
        Object data = Samples.record(type.dataClass());
        String field = type == EventType.POLICY ? "id" : Topics.spec(type.topic()).key();
        Object expected = type.dataClass().getMethod(field).invoke(data);
        assertEquals(expected, type.key(data));
    }

    @Test
    void manifestSchemaMatchesRecordAndRoundTrips() throws Exception {
        assertAgrees(BackupManifest.class, schema(BackupManifests.SCHEMA), "BackupManifest");
        BackupManifest manifest = (BackupManifest) Samples.record(BackupManifest.class);
        assertNoNullComponents(manifest, "BackupManifest");
        assertEquals(manifest, BackupManifests.read(BackupManifests.toBytes(manifest)));
    }

    @Test
    void everyTypeHasItsOwnSchemaTopicAndVersionedTypeString() {
        Set<String> resources = new TreeSet<>();
        for (EventType type : EventType.values()) {
            assertTrue(type.type().matches("backstream(\\.[a-z-]+){1,2}\\.v1"), type.type());
            assertEquals(type, EventType.fromType(type.type()).orElseThrow());
            assertEquals(type, EventType.of(type.dataClass()));
            assertTrue(Topics.all().stream().anyMatch(spec -> spec.name().equals(type.topic())), type.topic());
            resources.add(type.schemaResource());
        }
        assertEquals(EventType.values().length, resources.size());
    }

    private static void assertAgrees(Class<?> recordClass, JsonNode schema, String where) {
        Set<String> components = Arrays.stream(recordClass.getRecordComponents())
                .map(RecordComponent::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> properties = new TreeSet<>();
        schema.path("properties").fieldNames().forEachRemaining(properties::add);
        assertEquals(components, properties, where + ": schema properties vs record components");
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(node -> required.add(node.asText()));
        assertTrue(components.containsAll(required), where + ": required " + required + " not all components");
        for (RecordComponent component : recordClass.getRecordComponents()) {
            JsonNode property = schema.path("properties").path(component.getName());
            Class<?> type = component.getType();
            if (type.isRecord()) {
                assertAgrees(type, property, where + "." + component.getName());
            } else if (type == List.class && component.getGenericType() instanceof ParameterizedType list
                    && list.getActualTypeArguments()[0] instanceof Class<?> item && item.isRecord()) {
                assertAgrees(item, property.path("items"), where + "." + component.getName() + "[]");
            }
        }
    }

    private static void assertNoNullComponents(Object record, String where) throws Exception {
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            Object value = component.getAccessor().invoke(record);
            assertNotNull(value, where + "." + component.getName() + " is not populated");
            if (value.getClass().isRecord()) {
                assertNoNullComponents(value, where + "." + component.getName());
            }
        }
    }

    private static JsonNode schema(String resource) throws IOException {
        try (InputStream in = RecordSchemaAgreementTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            return MAPPER.readTree(in);
        }
    }
}
