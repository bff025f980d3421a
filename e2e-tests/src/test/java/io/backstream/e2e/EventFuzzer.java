package io.backstream.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backstream.schema.ChunkHeaders;
import io.backstream.schema.ChunkRecords;
import io.backstream.schema.EventType;
import io.backstream.schema.EventValidator;
import io.backstream.schema.Topics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Builds hostile records for a topic from the JSON Schemas: it starts from the valid sample of a type that belongs on
 * the topic (the samples shared-schema tests its schemas with) and breaks it the way a schema says it can be broken:
 * wrong JSON types, missing required fields, strings over their {@code maxLength} (up to the topic's largest
 * message) or under their {@code minLength}, nulls, bad enums and formats, unknown {@code specversion} and
 * {@code type} versions, types of another topic, non-JSON bytes, bad keys, and on {@code backup.chunks} bad record
 * types and chunk headers. Some mutations keep the record valid (extra fields, a valid start and abort for a new
 * backup, identifiers of an existing backup mixed into another's event): those may be applied and must not harm
 * anything else; every other one must end on the topic's DLQ. Deterministic for a given {@link Random}.
 */
final class EventFuzzer {

    /** Identifiers of a backup that exists before the fuzz, which forged events borrow. */
    record Victim(String backupId, String targetId, String storage, String key, String manifestKey, String startedAt) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Room left for the envelope, key, headers and batch overhead below a topic's max.message.bytes. */
    private static final int RECORD_OVERHEAD = 64 * 1024;
    /** One record in this many gets a string as long as the topic allows, the others stay small. */
    private static final int HUGE_ONE_IN = 150;
    private static final List<String> ENVELOPE_REQUIRED = List.of("specversion", "id", "source", "type", "data");

    private final Random random;
    private final Map<String, Integer> maxMessageBytes;
    private final Victim victim;
    private final EventValidator validator = new EventValidator();
    private final Map<EventType, ObjectNode> samples = new EnumMap<>(EventType.class);
    private final Map<EventType, JsonNode> schemas = new EnumMap<>(EventType.class);
    private final JsonNode envelopeSchema;
    private final RecordContract contract = new RecordContract();

    EventFuzzer(Random random, Map<String, Integer> maxMessageBytes, Victim victim) {
        this.random = random;
        this.maxMessageBytes = maxMessageBytes;
        this.victim = victim;
        for (EventType type : EventType.values()) {
            String name = type.schemaResource().substring(EventType.SCHEMA_FOLDER.length())
                    .replace(".schema.json", ".json");
            ObjectNode sample = (ObjectNode) read("/samples/v1/" + name);
            List<String> errors = validator.validate(type, sample.get("data"));
            if (!errors.isEmpty() || !validator.validateEnvelope(sample).isEmpty()) {
                throw new IllegalStateException("the sample of " + type + " is not valid: " + errors);
            }
            samples.put(type, sample);
            schemas.put(type, read(type.schemaResource()));
        }
        envelopeSchema = read(EventValidator.ENVELOPE_SCHEMA);
    }

    /** A hostile record for {@code topic}. */
    FuzzRecord next(String topic) {
        return topic.equals(Topics.BACKUP_CHUNKS) ? chunkRecord() : eventRecord(topic);
    }

    /**
     * Valid chunk records aimed at the victim: a start and an abort of a new backup that borrows its target and
     * start time, its own start and abort replayed, and a data chunk under its backup id.
     */
    List<FuzzRecord> forgedOverVictim() {
        List<FuzzRecord> records = new ArrayList<>(startThenAbort(freshId(), "OVER_VICTIM"));
        records.addAll(startThenAbort(victim.backupId(), "REPLAYED_VICTIM"));
        byte[] bytes = randomBytes(1 + random.nextInt(2048));
        records.add(record(Topics.BACKUP_CHUNKS, utf8(victim.backupId()), bytes,
                ChunkHeaders.of(victim.backupId(), random.nextInt(3), 0, bytes.length, sha256(bytes), false).toHeaders(),
                "DATA_FOR_VICTIM"));
        return records;
    }

    private List<FuzzRecord> startThenAbort(String backupId, String mutation) {
        ObjectNode start = fresh(EventType.SNAPSHOT_STARTED, backupId);
        start.put("targetId", victim.targetId()).put("targetKind", "DIRECTORY").put("startedAt", victim.startedAt())
                .put("storage", victim.storage()).put("type", "FULL").put("compression", "ZSTD").remove("parentBackupId");
        ObjectNode abort = fresh(EventType.SNAPSHOT_FAILED, backupId);
        abort.put("targetId", victim.targetId());
        return List.of(chunk(ChunkRecords.Type.START, backupId, start, "START_" + mutation),
                chunk(ChunkRecords.Type.ABORT, backupId, abort, "ABORT_" + mutation));
    }

    private FuzzRecord eventRecord(String topic) {
        List<EventType> types = List.copyOf(EventType.acceptedOn(topic));
        EventType type = types.get(random.nextInt(types.size()));
        ObjectNode event = envelope(type);
        ObjectNode data = (ObjectNode) event.get("data");
        String mutation;
        byte[] value = null;
        switch (random.nextInt(20)) {
            case 0 -> {
                mutation = "NOT_JSON";
                value = new byte[1 + random.nextInt(512)];
                random.nextBytes(value);
                value[0] = (byte) (0x80 | value[0]);
            }
            case 1 -> {
                mutation = "TRUNCATED";
                byte[] whole = bytes(event);
                value = java.util.Arrays.copyOf(whole, random.nextInt(whole.length - 1));
            }
            case 2 -> {
                mutation = "NOT_AN_OBJECT";
                value = pick("[]", "[" + event + "]", "\"" + type.type() + "\"", "42", "null", "true", "")
                        .getBytes(StandardCharsets.UTF_8);
            }
            case 3 -> {
                return record(topic, key(type, data), null, Map.of(), "TOMBSTONE");
            }
            case 4 -> {
                EventType other = otherTopicType(topic);
                mutation = "WRONG_TOPIC(" + other.type() + ")";
                event = envelope(other);
                borrowVictim((ObjectNode) event.get("data"));
            }
            case 5 -> {
                String version = pick("v0", "v2", "v99", "V1", "v1.1", "", "v-1");
                String unknown = type.type().replaceAll("\\.v1$", version.isEmpty() ? "" : "." + version);
                mutation = "UNKNOWN_TYPE(" + unknown + ")";
                event.put("type", unknown);
            }
            case 6 -> {
                mutation = "BAD_SPECVERSION";
                event.set("specversion", pickNode(NODES.textNode("0.3"), NODES.textNode("2.0"), NODES.numberNode(1.0),
                        NODES.textNode(""), NODES.nullNode()));
            }
            case 7 -> {
                String field = ENVELOPE_REQUIRED.get(random.nextInt(ENVELOPE_REQUIRED.size()));
                mutation = "MISSING_ENVELOPE(" + field + ")";
                event.remove(field);
            }
            case 8, 9 -> {
                List<String> required = names(schemas.get(type).get("required"));
                String field = required.get(random.nextInt(required.size()));
                mutation = "MISSING_REQUIRED(/data/" + field + ")";
                data.remove(field);
            }
            case 10, 11 -> {
                boolean envelopeField = random.nextInt(3) == 0;
                ObjectNode target = envelopeField ? event : data;
                JsonNode schema = envelopeField ? envelopeSchema : schemas.get(type);
                String field = typedField(target, schema);
                mutation = "WRONG_JSON_TYPE(" + (envelopeField ? "/" : "/data/") + field + ")";
                target.set(field, wrongType(schema.get("properties").get(field)));
            }
            case 12 -> {
                String field = pick(names(schemas.get(type).get("required")));
                JsonNode property = schemas.get(type).get("properties").get(field);
                mutation = "NULL(/data/" + field + ")";
                data.putNull(field);
            }
            case 13, 14 -> {
                String field = stringField(data, schemas.get(type));
                JsonNode property = schemas.get(type).get("properties").get(field);
                int length = longLength(topic, property);
                mutation = "TOO_LONG(/data/" + field + ", " + length + " chars"
                        + (property.has("maxLength") ? "" : ", no maxLength") + ")";
                data.put(field, "x".repeat(length));
            }
            case 15 -> {
                String field = stringField(data, schemas.get(type));
                JsonNode property = schemas.get(type).get("properties").get(field);
                mutation = "EMPTY_STRING(/data/" + field + ")";
                data.put(field, "");
            }
            case 16 -> {
                String field = formattedOrEnumField(data, schemas.get(type));
                mutation = "BAD_FORMAT_OR_ENUM(/data/" + field + ")";
                data.put(field, pick("yesterday", "2026-13-45T25:61:00Z", "NOT_A_VALUE", "../../etc", "\u0000"));
            }
            case 17 -> {
                mutation = "EXTRA_FIELDS";
                data.put("unexpected", "extra").set("nested", NODES.objectNode().put("deep", 1));
                event.put("fuzzextension", "x".repeat(random.nextInt(64)));
            }
            case 18 -> {
                mutation = "BAD_EXTENSION_NAME";
                event.put(pick("Upper", "with-dash", "x".repeat(65), "sp ace", ""), "value");
            }
            default -> {
                mutation = "BORROWED_IDS";
                borrowVictim(data);
            }
        }
        if (value == null) {
            value = bytes(event);
        }
        byte[] key = badKeyOr(key(type, data));
        // the broker refuses a record without a key on a compacted topic, and with it the rest of its batch
        boolean compacted = Topics.spec(topic).configs().containsKey("cleanup.policy");
        return record(topic, key == null && compacted ? new byte[0] : key, value, Map.of(), mutation);
    }

    private FuzzRecord chunkRecord() {
        String backupId = freshId();
        switch (random.nextInt(12)) {
            case 0 -> {
                return record(Topics.BACKUP_CHUNKS, utf8(backupId), randomBytes(4096),
                        Map.of(ChunkRecords.RECORD_TYPE, utf8(pick("START", "begin", "", "data ", "\u00ff"))),
                        "UNKNOWN_RECORD_TYPE");
            }
            case 1, 2 -> {
                ChunkRecords.Type type = pick(ChunkRecords.Type.START, ChunkRecords.Type.END, ChunkRecords.Type.ABORT);
                EventType eventType = type == ChunkRecords.Type.START ? EventType.SNAPSHOT_STARTED
                        : type == ChunkRecords.Type.END ? EventType.SNAPSHOT_COMPLETED : EventType.SNAPSHOT_FAILED;
                ObjectNode data = fresh(eventType, backupId);
                String field = pick(names(schemas.get(eventType).get("required")));
                data.remove(field);
                return chunk(type, backupId, data, type + "_MISSING_REQUIRED(" + field + ")");
            }
            case 3 -> {
                ObjectNode data = fresh(EventType.SNAPSHOT_STARTED, backupId);
                String field = typedField(data, schemas.get(EventType.SNAPSHOT_STARTED));
                data.set(field, wrongType(schemas.get(EventType.SNAPSHOT_STARTED).get("properties").get(field)));
                return chunk(ChunkRecords.Type.START, backupId, data, "START_WRONG_JSON_TYPE(" + field + ")");
            }
            case 4 -> {
                ChunkRecords.Type type = pick(ChunkRecords.Type.START, ChunkRecords.Type.INDEX, ChunkRecords.Type.END);
                return record(Topics.BACKUP_CHUNKS, utf8(backupId), pick(randomBytes(300), new byte[0], null),
                        ChunkRecords.headers(type, backupId), type + "_NOT_JSON");
            }
            case 5 -> {
                ObjectNode data = fresh(EventType.SNAPSHOT_STARTED, backupId);
                String field = stringField(data, schemas.get(EventType.SNAPSHOT_STARTED));
                JsonNode property = schemas.get(EventType.SNAPSHOT_STARTED).get("properties").get(field);
                data.put(field, "y".repeat(longLength(Topics.BACKUP_CHUNKS, property)));
                return chunk(ChunkRecords.Type.START, backupId, data, "START_TOO_LONG(" + field + ")");
            }
            case 6, 7, 8 -> {
                return badDataChunk(backupId);
            }
            case 9 -> {
                ObjectNode data = fresh(EventType.SNAPSHOT_STARTED, backupId);
                data.put("storage", "nowhere-" + random.nextInt(1000));
                return chunk(ChunkRecords.Type.START, backupId, data, "START_UNKNOWN_STORAGE");
            }
            case 10 -> {
                byte[] bytes = randomBytes(1 + random.nextInt(2048));
                Map<String, byte[]> headers = ChunkHeaders.of(backupId, random.nextInt(5), 0, bytes.length, sha256(bytes),
                        random.nextBoolean()).toHeaders();
                return record(Topics.BACKUP_CHUNKS, utf8(backupId), bytes, headers, "DATA_WITHOUT_START");
            }
            default -> {
                byte[] index = pick("{}", "{\"chunkSequence\":-1}", "[1,2]", "{\"chunkSequence\":\"a\",\"files\":7}")
                        .getBytes(StandardCharsets.UTF_8);
                return record(Topics.BACKUP_CHUNKS, utf8(backupId), index,
                        ChunkRecords.headers(ChunkRecords.Type.INDEX, backupId), "INDEX_INVALID");
            }
        }
    }

    /** A data chunk whose headers are missing, unparsable, of another format version, or disagree with its bytes. */
    private FuzzRecord badDataChunk(String backupId) {
        int size = random.nextInt(HUGE_ONE_IN) == 0 ? maxMessageBytes.get(Topics.BACKUP_CHUNKS) - RECORD_OVERHEAD
                : 1 + random.nextInt(8192);
        byte[] bytes = randomBytes(size);
        Map<String, byte[]> headers = new LinkedHashMap<>(
                ChunkHeaders.of(backupId, random.nextInt(3), 0, bytes.length, sha256(bytes), false).toHeaders());
        String broken;
        switch (random.nextInt(6)) {
            case 0 -> {
                broken = pick(List.copyOf(headers.keySet()));
                headers.remove(broken);
                broken = "MISSING(" + broken + ")";
            }
            case 1 -> {
                broken = pick(ChunkHeaders.SEQUENCE, ChunkHeaders.OFFSET, ChunkHeaders.SIZE);
                headers.put(broken, utf8(pick("-1", "x", "", "99999999999999999999999", "1e3")));
                broken = "UNPARSABLE(" + broken + ")";
            }
            case 2 -> {
                headers.put(ChunkHeaders.FORMAT_VERSION_HEADER, utf8(pick("2", "0", "-1")));
                broken = "FORMAT_VERSION";
            }
            case 3 -> {
                headers.put(ChunkHeaders.SHA256, utf8(sha256(randomBytes(8))));
                broken = "SHA256_MISMATCH";
            }
            case 4 -> {
                headers.put(ChunkHeaders.SIZE, utf8(Integer.toString(bytes.length + 1)));
                broken = "SIZE_MISMATCH";
            }
            default -> {
                headers.put(ChunkHeaders.BACKUP_ID, new byte[]{(byte) 0xff, (byte) 0xfe});
                headers.put(ChunkHeaders.LAST, utf8(pick("yes", "1", "")));
                broken = "BAD_LAST";
            }
        }
        return record(Topics.BACKUP_CHUNKS, badKeyOr(utf8(backupId)), bytes, headers,
                "DATA_" + broken + "(" + size + " bytes)");
    }

    private FuzzRecord chunk(ChunkRecords.Type type, String backupId, ObjectNode data, String mutation) {
        return record(Topics.BACKUP_CHUNKS, utf8(backupId), bytes(data), ChunkRecords.headers(type, backupId),
                mutation);
    }

    private FuzzRecord record(String topic, byte[] key, byte[] value, Map<String, byte[]> headers, String mutation) {
        return new FuzzRecord(topic, key, value, headers, mutation, contract.refusal(topic, key, value, headers));
    }

    /** A valid event of {@code type} with a fresh event id and fresh backup and restore ids. */
    private ObjectNode envelope(EventType type) {
        ObjectNode event = samples.get(type).deepCopy();
        String id = freshId();
        event.set("data", fresh(type, id));
        event.put("id", UUID.randomUUID().toString());
        event.put("subject", id);
        return event;
    }

    private ObjectNode fresh(EventType type, String id) {
        ObjectNode data = samples.get(type).get("data").deepCopy();
        for (String field : List.of("backupId", "restoreId")) {
            if (data.has(field)) {
                data.put(field, id);
            }
        }
        if (type == EventType.POLICY) {
            data.put("id", id);
        }
        return data;
    }

    /** Puts the victim's identifiers into an event about another backup, never all of them at once. */
    private void borrowVictim(ObjectNode data) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("key", victim.key());
        fields.put("manifestKey", victim.manifestKey());
        fields.put("targetId", victim.targetId());
        fields.put("startedAt", victim.startedAt());
        fields.put("storage", victim.storage());
        for (Map.Entry<String, String> field : fields.entrySet()) {
            if (data.has(field.getKey()) && random.nextBoolean()) {
                data.put(field.getKey(), field.getValue());
            }
        }
        if (data.has("backupIds") && data.get("backupIds").isArray()) {
            ((ArrayNode) data.get("backupIds")).add(victim.backupId());
        }
    }

    private byte[] key(EventType type, JsonNode data) {
        String field = Topics.spec(type.topic()).key();
        JsonNode value = data.get(field.equals("policyId") ? "id" : field);
        return value != null && value.isTextual() ? utf8(value.asText()) : utf8(freshId());
    }

    /** The right key most of the time; otherwise none, an empty one, a huge one or one that is not UTF-8. */
    private byte[] badKeyOr(byte[] key) {
        return switch (random.nextInt(8)) {
            case 0 -> null;
            case 1 -> new byte[0];
            case 2 -> utf8("k".repeat(10_000));
            case 3 -> new byte[]{(byte) 0xc3, (byte) 0x28, 0, (byte) 0xff};
            default -> key;
        };
    }

    private EventType otherTopicType(String topic) {
        List<EventType> others = java.util.Arrays.stream(EventType.values())
                .filter(type -> !type.topic().equals(topic)).toList();
        return others.get(random.nextInt(others.size()));
    }

    /**
     * A string as long as the topic's largest record allows (now and then), else just over its maxLength, or for a
     * field without one, up to 100 000 characters.
     */
    private int longLength(String topic, JsonNode property) {
        if (random.nextInt(HUGE_ONE_IN) == 0) {
            return maxMessageBytes.get(topic) - RECORD_OVERHEAD;
        }
        return property.path("maxLength").asInt(0) + 1 + random.nextInt(property.has("maxLength") ? 4096 : 100_000);
    }

    private String typedField(ObjectNode target, JsonNode schema) {
        List<String> candidates = new ArrayList<>();
        for (String field : names(schema.get("properties"))) {
            if (target.has(field) && schema.get("properties").get(field).has("type")) {
                candidates.add(field);
            }
        }
        return pick(candidates);
    }

    private String stringField(ObjectNode data, JsonNode schema) {
        List<String> candidates = new ArrayList<>();
        for (String field : names(schema.get("properties"))) {
            if (data.has(field) && allows(schema.get("properties").get(field), "string")) {
                candidates.add(field);
            }
        }
        return pick(candidates);
    }

    private String formattedOrEnumField(ObjectNode data, JsonNode schema) {
        List<String> candidates = new ArrayList<>();
        for (String field : names(schema.get("properties"))) {
            JsonNode property = schema.get("properties").get(field);
            if (data.has(field) && (property.has("format") || property.has("enum") || property.has("pattern"))) {
                candidates.add(field);
            }
        }
        return candidates.isEmpty() ? stringField(data, schema) : pick(candidates);
    }

    /** A value of a JSON type the property does not allow. */
    private JsonNode wrongType(JsonNode property) {
        List<JsonNode> values = new ArrayList<>();
        if (!allows(property, "string")) {
            values.add(NODES.textNode("12"));
        }
        if (!allows(property, "integer") && !allows(property, "number")) {
            values.add(NODES.numberNode(random.nextBoolean() ? 7 : -1.5));
        }
        if (!allows(property, "boolean")) {
            values.add(NODES.booleanNode(true));
        }
        if (!allows(property, "object")) {
            values.add(NODES.objectNode().put("a", 1));
        }
        if (!allows(property, "array")) {
            values.add(NODES.arrayNode().add("a"));
        }
        if (!allows(property, "null") && !property.has("const")) {
            values.add(NODES.nullNode());
        }
        return pick(values);
    }

    private static boolean allows(JsonNode property, String jsonType) {
        JsonNode type = property.get("type");
        if (type == null) {
            return true;
        }
        if (type.isArray()) {
            for (JsonNode each : type) {
                if (matches(each.asText(), jsonType)) {
                    return true;
                }
            }
            return false;
        }
        return matches(type.asText(), jsonType);
    }

    private static boolean matches(String declared, String jsonType) {
        return declared.equals(jsonType) || declared.equals("number") && jsonType.equals("integer");
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        if (node == null) {
            return names;
        }
        if (node.isArray()) {
            node.forEach(each -> names.add(each.asText()));
        } else {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
        }
        return names;
    }

    private String freshId() {
        return "fuzz-" + new UUID(random.nextLong(), random.nextLong());
    }

    private byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private JsonNode pickNode(JsonNode... options) {
        return options[random.nextInt(options.length)];
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(String resource) {
        try (InputStream in = EventFuzzer.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + resource);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
