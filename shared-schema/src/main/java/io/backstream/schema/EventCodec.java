package io.backstream.schema;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backstream.schema.EventRejectedException.Reason;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns event records into CloudEvents JSON bytes and back, validating against the schemas both ways.
 * Thread-safe; create one and share it.
 */
public final class EventCodec {

    private final ObjectMapper mapper = Json.newMapper();
    private final EventValidator validator;
    private final Clock clock;

    /** A codec stamping new events with the system UTC clock. */
    public EventCodec() {
        this(Clock.systemUTC());
    }

    /** A codec stamping new events with {@code clock}. */
    public EventCodec(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.validator = new EventValidator();
    }

    /** The mapper this codec uses (RFC 3339 instants, nulls omitted, unknown properties ignored). */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** The validator this codec uses. */
    public EventValidator validator() {
        return validator;
    }

    /**
     * A new event with a random UUID id, the codec clock's current time (millisecond precision) and the type
     * belonging to {@code data}'s class.
     *
     * @param source  URI-reference of the producer, e.g. {@code /snapshot-worker/host-1}
     * @param subject what the event is about (usually the record key), may be null
     * @throws IllegalArgumentException if {@code data} is not an event record
     */
    public <T> CloudEvent<T> create(String source, String subject, T data) {
        return create(source, subject, data, clock);
    }

    /** Like {@link #create(String, String, Object)} with the time taken from {@code clock}. */
    public <T> CloudEvent<T> create(String source, String subject, T data, Clock clock) {
        return create(UUID.randomUUID().toString(), clock.instant().truncatedTo(ChronoUnit.MILLIS), source, subject,
                data);
    }

    /** An event with an explicit id (e.g. a deterministic one for scheduled runs) and time. */
    public <T> CloudEvent<T> create(String id, Instant time, String source, String subject, T data) {
        Objects.requireNonNull(data, "data");
        EventType type = EventType.of(data.getClass());
        return new CloudEvent<>(CloudEvent.SPEC_VERSION, id, source, type.type(), time, subject, CloudEvent.JSON,
                data);
    }

    /**
     * The event as structured-mode CloudEvents JSON (UTF-8).
     *
     * @throws IllegalArgumentException if the event breaks its schema or its type does not match its data; the
     *                                  message lists the errors (a producer bug, never a runtime condition)
     */
    public byte[] encode(CloudEvent<?> event) {
        EventType type = EventType.fromType(event.type())
                .orElseThrow(() -> new IllegalArgumentException("Unknown event type " + event.type()));
        if (event.data() == null || !type.dataClass().equals(event.data().getClass())) {
            throw new IllegalArgumentException("Event type " + event.type() + " needs data of "
                    + type.dataClass().getSimpleName());
        }
        ObjectNode tree = mapper.valueToTree(event);
        List<String> errors = errors(type, tree);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("Invalid " + type.type() + " event: " + String.join("; ", errors));
        }
        try {
            return mapper.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise event " + event.id(), e);
        }
    }

    /**
     * Parses, validates and maps an event. {@code data} is an instance of the type's
     * {@link EventType#dataClass()}.
     *
     * @throws EventRejectedException MALFORMED (not a JSON object), INVALID (envelope or data break the schema)
     *                                or UNKNOWN_TYPE (type or version not known here)
     */
    public CloudEvent<?> decode(byte[] json) throws EventRejectedException {
        JsonNode tree = parse(json);
        List<String> envelopeErrors = validator.validateEnvelope(tree);
        if (!envelopeErrors.isEmpty()) {
            throw new EventRejectedException(Reason.INVALID, "CloudEvent envelope breaks the schema:",
                    envelopeErrors);
        }
        String typeName = tree.get("type").asText();
        EventType type = EventType.fromType(typeName).orElseThrow(() -> new EventRejectedException(
                Reason.UNKNOWN_TYPE, "Unknown event type '" + typeName + "'"));
        JsonNode data = tree.get("data");
        List<String> dataErrors = data == null
                ? List.of("/data: required property 'data' not found")
                : validator.validate(type, data).stream().map(error -> "/data" + error).toList();
        if (!dataErrors.isEmpty()) {
            throw new EventRejectedException(Reason.INVALID, "Event " + typeName + " breaks its schema:", dataErrors);
        }
        return toEvent(tree, type, data);
    }

    /**
     * Like {@link #decode(byte[])}, but also requires the event's data to be a {@code dataClass}.
     *
     * @throws EventRejectedException as {@link #decode(byte[])}, or UNKNOWN_TYPE when the type is another one
     */
    @SuppressWarnings("unchecked")
    public <T> CloudEvent<T> decode(byte[] json, Class<T> dataClass) throws EventRejectedException {
        CloudEvent<?> event = decode(json);
        if (!dataClass.isInstance(event.data())) {
            throw new EventRejectedException(Reason.UNKNOWN_TYPE, "Expected an event of type "
                    + EventType.of(dataClass).type() + " but got " + event.type());
        }
        return (CloudEvent<T>) event;
    }

    private List<String> errors(EventType type, ObjectNode tree) {
        List<String> errors = new ArrayList<>(validator.validateEnvelope(tree));
        validator.validate(type, tree.path("data")).forEach(error -> errors.add("/data" + error));
        return errors;
    }

    private JsonNode parse(byte[] json) throws EventRejectedException {
        if (json == null || json.length == 0) {
            throw new EventRejectedException(Reason.MALFORMED, "Empty record value");
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(json);
        } catch (IOException e) {
            // The parser message may quote payload tokens, so only the position is reported.
            throw new EventRejectedException(Reason.MALFORMED, "Not valid JSON" + position(e));
        }
        if (tree == null || !tree.isObject()) {
            throw new EventRejectedException(Reason.MALFORMED, "A CloudEvent must be a JSON object");
        }
        return tree;
    }

    private static String position(IOException e) {
        if (e instanceof JacksonException jackson) {
            JsonLocation location = jackson.getLocation();
            if (location != null && location.getLineNr() > 0) {
                return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
            }
        }
        return "";
    }

    private CloudEvent<Object> toEvent(JsonNode tree, EventType type, JsonNode data) throws EventRejectedException {
        try {
            Object value = mapper.treeToValue(data, type.dataClass());
            Instant time = tree.hasNonNull("time") ? mapper.treeToValue(tree.get("time"), Instant.class) : null;
            return new CloudEvent<>(tree.get("specversion").asText(), tree.get("id").asText(),
                    tree.get("source").asText(), type.type(), time, text(tree, "subject").orElse(null),
                    text(tree, "datacontenttype").orElse(CloudEvent.JSON), value);
        } catch (JsonProcessingException e) {
            // Jackson messages may quote values, so only the position is reported.
            throw new EventRejectedException(Reason.INVALID, "Event " + type.type() + " cannot be mapped to "
                    + type.dataClass().getSimpleName() + position(e));
        }
    }

    private static Optional<String> text(JsonNode tree, String field) {
        return tree.hasNonNull(field) ? Optional.of(tree.get(field).asText()) : Optional.empty();
    }
}
