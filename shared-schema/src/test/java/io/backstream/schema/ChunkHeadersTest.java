package io.backstream.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backstream.schema.EventRejectedException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChunkHeadersTest {

    private static final ChunkHeaders HEADERS =
            ChunkHeaders.of("0b9f3c1e-6f2a-4c1d-9a57-3e2f1d0c8b7a", 3, 25_165_824L, 8_388_608L, Samples.SHA256, true);

    @Test
    void roundTripsThroughKafkaHeaderBytes() throws Exception {
        Map<String, byte[]> headers = HEADERS.toHeaders();
        assertEquals(ChunkHeaders.NAMES, List.copyOf(headers.keySet()));
        assertArrayEquals("3".getBytes(StandardCharsets.UTF_8), headers.get("bs-seq"));
        assertArrayEquals("true".getBytes(StandardCharsets.UTF_8), headers.get("bs-last"));
        Map<String, byte[]> withForeign = new HashMap<>(headers);
        withForeign.put("traceparent", new byte[] {1, 2});
        assertEquals(HEADERS, ChunkHeaders.fromHeaders(withForeign));
    }

    @Test
    void verifyAcceptsOnlyTheBytesTheHeadersDescribe() throws Exception {
        byte[] chunk = "frame bytes".getBytes(StandardCharsets.UTF_8);
        ChunkHeaders headers = ChunkHeaders.of("b-1", 0, 0, chunk.length,
                "0a2d0c9a5f2a1e1ab0ed3f8ac3b7a3c0e7a2fb1d2bd1f7a0ad46bd2e3b7d6a54", false);
        String realSha256 = java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(chunk));
        ChunkHeaders good = ChunkHeaders.of("b-1", 0, 0, chunk.length, realSha256, false);
        good.verify(ByteBuffer.wrap(chunk));

        EventRejectedException wrongHash = assertThrows(EventRejectedException.class, () -> headers.verify(ByteBuffer.wrap(chunk)));
        assertEquals(Reason.INVALID, wrongHash.reason());
        assertTrue(wrongHash.getMessage().contains(realSha256), wrongHash.getMessage());

        byte[] truncated = java.util.Arrays.copyOf(chunk, chunk.length - 1);
        EventRejectedException wrongSize = assertThrows(EventRejectedException.class, () -> good.verify(ByteBuffer.wrap(truncated)));
        assertEquals(Reason.INVALID, wrongSize.reason());
        assertTrue(wrongSize.getMessage().contains("headers say " + chunk.length), wrongSize.getMessage());
    }

    @Test
    void verifyOfABufferChecksOnlyPositionToLimitAndLeavesThePosition() throws Exception {
        byte[] chunk = "frame bytes".getBytes(StandardCharsets.UTF_8);
        String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(chunk));
        ChunkHeaders headers = ChunkHeaders.of("b-1", 0, 0, chunk.length, sha256, false);
        byte[] fetched = ("before:" + "frame bytes" + ":after").getBytes(StandardCharsets.UTF_8);
        ByteBuffer view = ByteBuffer.wrap(fetched, 7, chunk.length).slice();

        headers.verify(view);

        assertEquals(0, view.position());
        assertEquals(chunk.length, view.remaining());
        ByteBuffer wider = ByteBuffer.wrap(fetched, 6, chunk.length + 1);
        EventRejectedException wrongSize = assertThrows(EventRejectedException.class, () -> headers.verify(wider));
        assertEquals(Reason.INVALID, wrongSize.reason());
        ByteBuffer shifted = ByteBuffer.wrap(fetched, 6, chunk.length);
        EventRejectedException wrongHash = assertThrows(EventRejectedException.class, () -> headers.verify(shifted));
        assertEquals(Reason.INVALID, wrongHash.reason());
    }

    @Test
    void headerMapValidatesAgainstItsSchema() {
        EventValidator validator = new EventValidator();
        ObjectNode json = new EventCodec().mapper().createObjectNode();
        HEADERS.toHeaders().forEach((name, value) -> json.put(name, new String(value, StandardCharsets.UTF_8)));
        String schema = EventType.SCHEMA_FOLDER + "chunk-headers.schema.json";
        assertEquals(List.of(), validator.validate(schema, json));
        json.remove(ChunkHeaders.SHA256);
        assertEquals(List.of("/bs-sha256: required property 'bs-sha256' not found"), validator.validate(schema, json));
    }

    @Test
    void missingOrMalformedHeaderIsRejectedNamingIt() {
        for (String name : ChunkHeaders.NAMES) {
            Map<String, byte[]> headers = new HashMap<>(HEADERS.toHeaders());
            headers.remove(name);
            EventRejectedException e = assertThrows(EventRejectedException.class,
                    () -> ChunkHeaders.fromHeaders(headers));
            assertEquals(Reason.MALFORMED, e.reason());
            assertTrue(e.getMessage().contains(name + ": missing"), e.getMessage());
        }
        Map<String, byte[]> headers = new HashMap<>(HEADERS.toHeaders());
        headers.put(ChunkHeaders.OFFSET, "12x".getBytes(StandardCharsets.UTF_8));
        EventRejectedException e = assertThrows(EventRejectedException.class, () -> ChunkHeaders.fromHeaders(headers));
        assertTrue(e.getMessage().contains("bs-offset: not a decimal number"), e.getMessage());
    }

    @Test
    void unsupportedFormatVersionIsUnknownType() {
        Map<String, byte[]> headers = new HashMap<>(HEADERS.toHeaders());
        headers.put(ChunkHeaders.FORMAT_VERSION_HEADER, "2".getBytes(StandardCharsets.UTF_8));
        EventRejectedException e = assertThrows(EventRejectedException.class, () -> ChunkHeaders.fromHeaders(headers));
        assertEquals(Reason.UNKNOWN_TYPE, e.reason());
    }
}
