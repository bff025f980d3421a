package io.backstream.support.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backstream.schema.CloudEvent;
import io.backstream.schema.Json;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * What duplicate detection knows of an event: its key (type and id: an event of another type never shadows
 * one with the same id) and the SHA-256 of its data, which tells a redelivery (same hash) from a second,
 * different event that reuses the id.
 *
 * @param type          the CloudEvent type
 * @param id            the CloudEvent id
 * @param payloadSha256 lower-case hex SHA-256 of the data as this build serialises it
 */
public record ProcessedEvent(String type, String id, String payloadSha256) {

    private static final ObjectMapper MAPPER = Json.newMapper();
    /**
     * Data fields that say when a producer published, not what: two scheduler replicas firing the same slot
     * publish the same run at different moments, which is a redelivery, not a second event.
     */
    private static final List<String> PUBLICATION_TIMES = List.of("requestedAt", "skippedAt");

    public ProcessedEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(payloadSha256, "payloadSha256");
    }

    /**
     * The key and hash of a decoded event. The hash is over the data record re-serialised, not over the record
     * bytes, so the same event sent again by any producer (other field order, other whitespace) hashes the same;
     * the {@link #PUBLICATION_TIMES} are left out.
     */
    public static ProcessedEvent of(CloudEvent<?> event) {
        try {
            JsonNode tree = MAPPER.valueToTree(event.data());
            if (tree instanceof ObjectNode fields) {
                fields.remove(PUBLICATION_TIMES);
            }
            byte[] data = MAPPER.writeValueAsBytes(tree);
            return new ProcessedEvent(event.type(), event.id(),
                    HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot hash event " + event.id(), e);
        }
    }
}
