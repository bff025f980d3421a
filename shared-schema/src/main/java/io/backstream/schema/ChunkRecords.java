package io.backstream.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstream.schema.EventRejectedException.Reason;
import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.event.SnapshotFailed;
import io.backstream.schema.event.SnapshotStarted;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The records of one backup on {@code backup.chunks}, all keyed by the backup id and so in order
 * on one partition: a {@code start} record (the {@link SnapshotStarted} data: target, kind,
 * compression, storage, policy), then for each chunk an {@code index} record ({@link ChunkIndex})
 * followed by the {@code data} chunk ({@link ChunkHeaders}), and finally an {@code end} record
 * (the {@link SnapshotCompleted} data: whole-archive size and SHA-256, counts, warnings) or, when
 * the snapshot failed after its start record, an {@code abort} record (the {@link SnapshotFailed}
 * data) that tells the uploader to throw away what it has.
 *
 * <p>The stream is self-contained, so the uploader never has to join it with another topic. A
 * record without {@link #RECORD_TYPE} is a data chunk.
 */
public final class ChunkRecords {

    /** Header naming the kind of record. */
    public static final String RECORD_TYPE = "bs-record-type";

    /** Kinds of records on {@code backup.chunks}. */
    public enum Type {
        START, INDEX, DATA, END, ABORT;

        /** The header value, e.g. {@code start}. */
        public String headerValue() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final EventValidator VALIDATOR = new EventValidator();
    private static final ObjectMapper MAPPER = Json.newMapper();

    private ChunkRecords() {
    }

    /**
     * The kind of a record from its headers.
     *
     * @throws EventRejectedException MALFORMED for an unknown record type
     */
    public static Type type(Map<String, byte[]> headers) throws EventRejectedException {
        byte[] value = headers.get(RECORD_TYPE);
        if (value == null) {
            return Type.DATA;
        }
        String text = new String(value, StandardCharsets.UTF_8);
        for (Type type : Type.values()) {
            if (type.headerValue().equals(text)) {
                return type;
            }
        }
        throw new EventRejectedException(Reason.MALFORMED, "Unknown " + RECORD_TYPE + " '" + text + "'");
    }

    /** Headers of a start, index or end record for {@code backupId}. */
    public static Map<String, byte[]> headers(Type type, String backupId) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        headers.put(ChunkHeaders.BACKUP_ID, backupId.getBytes(StandardCharsets.UTF_8));
        headers.put(RECORD_TYPE, type.headerValue().getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    /** The value of a start record. */
    public static byte[] encodeStart(SnapshotStarted started) {
        return encode(EventType.SNAPSHOT_STARTED, started);
    }

    /** The value of an end record. */
    public static byte[] encodeEnd(SnapshotCompleted completed) {
        return encode(EventType.SNAPSHOT_COMPLETED, completed);
    }

    /** The value of an abort record. */
    public static byte[] encodeAbort(SnapshotFailed failed) {
        return encode(EventType.SNAPSHOT_FAILED, failed);
    }

    /** Reads and validates a start record value. */
    public static SnapshotStarted decodeStart(byte[] value) throws EventRejectedException {
        return decode(EventType.SNAPSHOT_STARTED, value, SnapshotStarted.class);
    }

    /** Reads and validates an end record value. */
    public static SnapshotCompleted decodeEnd(byte[] value) throws EventRejectedException {
        return decode(EventType.SNAPSHOT_COMPLETED, value, SnapshotCompleted.class);
    }

    /** Reads and validates an abort record value. */
    public static SnapshotFailed decodeAbort(byte[] value) throws EventRejectedException {
        return decode(EventType.SNAPSHOT_FAILED, value, SnapshotFailed.class);
    }

    private static byte[] encode(EventType type, Object data) {
        JsonNode json = MAPPER.valueToTree(data);
        List<String> errors = VALIDATOR.validate(type, json);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(type.dataClass().getSimpleName() + " breaks its schema: " + errors);
        }
        try {
            return MAPPER.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T decode(EventType type, byte[] value, Class<T> dataClass) throws EventRejectedException {
        if (value == null) {
            // a tombstone (kcat -Z, a replayed compaction) must be refused, not fail the uploader's batch for ever
            throw new EventRejectedException(Reason.MALFORMED, "Chunk " + type.dataClass().getSimpleName()
                    + " record has no value");
        }
        JsonNode json;
        try {
            json = MAPPER.readTree(value);
        } catch (IOException e) {
            throw new EventRejectedException(Reason.MALFORMED, "Chunk " + type.dataClass().getSimpleName()
                    + " record is not JSON");
        }
        if (json == null || !json.isObject()) {
            throw new EventRejectedException(Reason.MALFORMED, "Chunk " + type.dataClass().getSimpleName()
                    + " record is not a JSON object");
        }
        List<String> errors = VALIDATOR.validate(type, json);
        if (!errors.isEmpty()) {
            throw new EventRejectedException(Reason.INVALID, "Chunk " + type.dataClass().getSimpleName()
                    + " record breaks its schema:", errors);
        }
        return MAPPER.convertValue(json, dataClass);
    }
}
