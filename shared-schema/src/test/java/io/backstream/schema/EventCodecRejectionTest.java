package io.backstream.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backstream.schema.EventRejectedException.Reason;
import io.backstream.schema.event.BackupRequested;
import io.backstream.schema.event.SnapshotFailed;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class EventCodecRejectionTest {

    private static final EventCodec CODEC = new EventCodec();
    private static final String SECRET = "hunter2-do-not-log";

    @Test
    void malformedJsonIsMalformedWithoutEchoingThePayload() {
        EventRejectedException e = reject(Samples.utf8("{\"specversion\":\"1.0\", " + SECRET));
        assertEquals(Reason.MALFORMED, e.reason());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertEquals(Reason.MALFORMED, reject(Samples.utf8("[1,2]")).reason());
        assertEquals(Reason.MALFORMED, reject(new byte[0]).reason());
    }

    @Test
    void missingRequiredDataFieldIsInvalidWithPointer() {
        EventRejectedException e = reject(mutate(event -> data(event).remove("targetId")));
        assertEquals(Reason.INVALID, e.reason());
        assertTrue(e.getMessage().contains("/data/targetId"), e.getMessage());
    }

    @Test
    void wrongEnumIsInvalidWithPointerAndWithoutTheValue() {
        EventRejectedException e = reject(mutate(event -> data(event).put("compression", SECRET)));
        assertEquals(Reason.INVALID, e.reason());
        assertTrue(e.getMessage().contains("/data/compression"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    }

    @Test
    void badTimestampAndBadEnvelopeAreInvalid() {
        EventRejectedException time = reject(mutate(event -> data(event).put("requestedAt", "yesterday")));
        assertEquals(Reason.INVALID, time.reason());
        assertTrue(time.getMessage().contains("/data/requestedAt"), time.getMessage());

        EventRejectedException id = reject(mutate(event -> event.remove("id")));
        assertEquals(Reason.INVALID, id.reason());
        assertTrue(id.getMessage().contains("/id"), id.getMessage());

        EventRejectedException spec = reject(mutate(event -> event.put("specversion", "0.3")));
        assertEquals(Reason.INVALID, spec.reason());
        assertTrue(spec.getMessage().contains("/specversion"), spec.getMessage());
    }

    @Test
    void unknownTypeAndUnsupportedVersionAreUnknownType() {
        assertEquals(Reason.UNKNOWN_TYPE,
                reject(mutate(event -> event.put("type", "backstream.backup.exploded.v1"))).reason());
        EventRejectedException v2 = reject(mutate(event -> event.put("type", "backstream.backup.requested.v2")));
        assertEquals(Reason.UNKNOWN_TYPE, v2.reason());
        assertTrue(v2.getMessage().contains("backstream.backup.requested.v2"), v2.getMessage());
    }

    @Test
    void overLongStringsAreInvalidInDataAndEnvelope() {
        String huge = "x".repeat(100_000);
        assertEquals(Reason.INVALID, reject(mutate(event -> data(event).put("requestedBy", huge))).reason());
        for (String attribute : new String[] {"id", "source", "subject", "time", "datacontenttype", "traceparent"}) {
            EventRejectedException e = reject(mutate(event -> event.put(attribute, huge)));
            assertEquals(Reason.INVALID, e.reason(), attribute);
            assertTrue(e.getMessage().contains("/" + attribute), e.getMessage());
            assertTrue(e.getMessage().length() < 1_000, attribute + " is not echoed");
        }
        EventRejectedException type = reject(mutate(event -> event.put("type", "backstream." + "a".repeat(100_000))));
        assertEquals(Reason.INVALID, type.reason());
        assertTrue(type.getMessage().length() < 1_000, type.getMessage());
    }

    @Test
    void tooManyEnvelopeAttributesAreInvalid() {
        EventRejectedException e = reject(mutate(event -> {
            for (int i = 0; i < 40; i++) {
                event.put("ext" + i, "v");
            }
        }));
        assertEquals(Reason.INVALID, e.reason());
    }

    @Test
    void restoreNeedsBackupIdOrTargetAndPointInTime() throws Exception {
        String restore = "{\"specversion\":\"1.0\",\"id\":\"r-1\",\"source\":\"/t\",\"type\":\"backstream.restore.requested.v1\","
                + "\"data\":{\"restoreId\":\"r-1\",\"targetId\":\"app\",\"verifyOnly\":true,"
                + "\"requestedAt\":\"2026-11-21T00:00:00Z\"}}";
        assertEquals(Reason.INVALID, reject(Samples.utf8(restore)).reason());
        CODEC.decode(Samples.utf8(restore.replace("\"verifyOnly\"", "\"pointInTime\":\"2026-11-20T00:00:00Z\",\"verifyOnly\"")));
        String noDestination = restore.replace("\"targetId\":\"app\",\"verifyOnly\":true", "\"backupId\":\"b-1\"");
        EventRejectedException e = reject(Samples.utf8(noDestination));
        assertTrue(e.getMessage().contains("destination"), e.getMessage());
    }

    @Test
    void extensionAttributesAndUnknownDataFieldsAreAccepted() throws Exception {
        CloudEvent<BackupRequested> event = CODEC.decode(mutate(node -> {
            node.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
            data(node).put("futureOptionalField", 7);
        }), BackupRequested.class);
        assertEquals("app-data", event.data().targetId());
    }

    @Test
    void decodeOfAnotherTypeIsRejected() {
        EventRejectedException e = assertThrows(EventRejectedException.class,
                () -> CODEC.decode(valid(), SnapshotFailed.class));
        assertEquals(Reason.UNKNOWN_TYPE, e.reason());
    }

    @Test
    void encodeRefusesInvalidEventsAndCreateUsesTheClock() {
        Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05.678912Z"), ZoneOffset.UTC);
        BackupRequested invalid = new BackupRequested("b-1", "no/slashes", BackupType.FULL, null, null, null, null,
                null, null, null, null, Instant.EPOCH);
        CloudEvent<BackupRequested> event = CODEC.create("/test", null, invalid, clock);
        assertEquals(Instant.parse("2026-01-02T03:04:05.678Z"), event.time());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CODEC.encode(event));
        assertTrue(e.getMessage().contains("/data/targetId"), e.getMessage());
    }

    private static EventRejectedException reject(byte[] json) {
        return assertThrows(EventRejectedException.class, () -> CODEC.decode(json));
    }

    private static byte[] valid() {
        BackupRequested request = new BackupRequested("b-1", "app-data", BackupType.FULL, null, "local", Compression.ZSTD,
                null, null, "test", null, null, Instant.parse("2026-11-21T00:00:00Z"));
        return CODEC.encode(CODEC.create("/test", "app-data", request));
    }

    private static byte[] mutate(Consumer<ObjectNode> change) {
        try {
            ObjectNode node = (ObjectNode) CODEC.mapper().readTree(valid());
            change.accept(node);
            return CODEC.mapper().writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode data(ObjectNode event) {
        return (ObjectNode) event.get("data");
    }
}
