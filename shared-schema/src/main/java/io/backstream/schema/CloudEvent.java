package io.backstream.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * A CloudEvents 1.0 event in structured JSON mode. Build one with {@link EventCodec#create}; {@code data} is
 * one of the records in {@code io.backstream.schema.event}. Extension attributes are accepted on decode but not
 * kept. Consumers deduplicate on {@link #id()}.
 *
 * @param specversion     always {@value #SPEC_VERSION}
 * @param id              unique per event (a UUID for events this code creates)
 * @param source          URI-reference of the producer, e.g. {@code /snapshot-worker/host-1}
 * @param type            e.g. {@code backstream.backup.requested.v1}, see {@link EventType}
 * @param time            when the event happened
 * @param subject         what the event is about (backup id, restore id ...), may be null
 * @param datacontenttype always {@value #JSON}
 * @param data            the payload record
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CloudEvent<T>(
        String specversion,
        String id,
        String source,
        String type,
        Instant time,
        String subject,
        String datacontenttype,
        T data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String JSON = "application/json";

    public CloudEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        if (specversion == null) {
            specversion = SPEC_VERSION;
        }
        if (datacontenttype == null) {
            datacontenttype = JSON;
        }
    }
}
