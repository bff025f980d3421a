package io.backstream.e2e;

import io.backstream.schema.ChunkHeaders;
import io.backstream.schema.ChunkIndex;
import io.backstream.schema.ChunkRecords;
import io.backstream.schema.EventCodec;
import io.backstream.schema.EventRejectedException;
import io.backstream.schema.EventType;
import io.backstream.schema.Topics;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What the shared contract (shared-schema's codec, topic table and chunk format) says of a record: the DLQ reason it
 * is refused with, or {@code null} when it is valid on its topic. The fuzz test uses it as the oracle of which
 * records every service must dead-letter, so the expectation comes from the one definition, not from the fuzzer.
 */
final class RecordContract {

    private final EventCodec codec = new EventCodec();

    /** The reason a consumer of {@code topic} refuses the record with; {@code null} when it must accept it. */
    String refusal(String topic, byte[] key, byte[] value, Map<String, byte[]> headers) {
        try {
            if (topic.equals(Topics.BACKUP_CHUNKS)) {
                checkChunk(key, value, headers);
            } else if (value == null) {
                // a tombstone forgets an entry of a compacted topic; anywhere else a record needs a value
                return Topics.spec(topic).configs().containsKey("cleanup.policy")
                        ? null : EventRejectedException.Reason.MALFORMED.name();
            } else {
                requireBoundedKey(key);
                EventType.fromType(codec.decode(value).type()).orElseThrow().requireOn(topic);
            }
            return null;
        } catch (EventRejectedException e) {
            return e.reason().name();
        } catch (RuntimeException e) {
            // the contract's own code cannot read it: a consumer must still refuse it as malformed, not fail on it
            return EventRejectedException.Reason.MALFORMED.name();
        }
    }

    /** Keys are read as UTF-8 text; longer than {@link Topics#MAX_KEY_LENGTH} characters is refused. */
    private static void requireBoundedKey(byte[] key) throws EventRejectedException {
        if (key != null && new String(key, StandardCharsets.UTF_8).length() > Topics.MAX_KEY_LENGTH) {
            throw new EventRejectedException(EventRejectedException.Reason.INVALID, "key too long");
        }
    }

    private static void checkChunk(byte[] key, byte[] value, Map<String, byte[]> headers)
            throws EventRejectedException {
        switch (ChunkRecords.type(headers)) {
            case START -> ChunkRecords.decodeStart(value);
            case INDEX -> {
                if (key == null || key.length == 0) {
                    throw new EventRejectedException(EventRejectedException.Reason.MALFORMED, "no backup id key");
                }
                requireBoundedKey(key);
                ChunkIndex.decode(value);
            }
            case DATA -> ChunkHeaders.fromHeaders(headers).verify(ByteBuffer.wrap(value == null ? new byte[0] : value));
            case END -> ChunkRecords.decodeEnd(value);
            case ABORT -> ChunkRecords.decodeAbort(value);
        }
    }
}
