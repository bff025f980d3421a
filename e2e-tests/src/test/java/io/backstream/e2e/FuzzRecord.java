package io.backstream.e2e;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One hostile Kafka record of the fuzz test.
 *
 * @param topic          where it is sent
 * @param key            record key, {@code null} for none
 * @param value          record value, {@code null} for a tombstone
 * @param headers        record headers (insertion-ordered)
 * @param mutation       what was done to the valid instance, e.g. {@code MISSING_REQUIRED(/data/key)}
 * @param refusal  the DLQ reason the shared contract ({@link RecordContract}) refuses it with, {@code null} when the
 *                 record is valid there: a refused record must reach {@code <topic>.dlq} with that reason
 */
record FuzzRecord(String topic, byte[] key, byte[] value, Map<String, byte[]> headers, String mutation,
                  String refusal) {

    /** The input as a person reads it in a failure message: topic, mutation, key and the value's first bytes. */
    String describe() {
        String text = value == null ? "<null>" : new String(value, 0, Math.min(value.length, 600), StandardCharsets.UTF_8);
        return topic + " " + mutation + " key=" + (key == null ? "<null>" : abbreviate(new String(key, StandardCharsets.UTF_8)))
                + " value(" + (value == null ? 0 : value.length) + " bytes)=" + text;
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }
}
