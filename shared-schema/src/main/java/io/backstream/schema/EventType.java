package io.backstream.schema;

import io.backstream.schema.event.BackupDeleteFailed;
import io.backstream.schema.event.BackupDeleted;
import io.backstream.schema.event.BackupDiscovered;
import io.backstream.schema.event.BackupRequested;
import io.backstream.schema.event.BackupVerificationFailed;
import io.backstream.schema.event.BackupVerified;
import io.backstream.schema.event.DeleteRequested;
import io.backstream.schema.event.Policy;
import io.backstream.schema.event.RestoreCompleted;
import io.backstream.schema.event.RestoreFailed;
import io.backstream.schema.event.RestoreProgress;
import io.backstream.schema.event.RestoreRequested;
import io.backstream.schema.event.RestoreStarted;
import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.event.SnapshotFailed;
import io.backstream.schema.event.SnapshotSkipped;
import io.backstream.schema.event.SnapshotStarted;
import io.backstream.schema.event.TargetAnnounced;
import io.backstream.schema.event.UploadCompleted;
import io.backstream.schema.event.UploadFailed;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every event type Backstream publishes: its CloudEvents {@code type} string, data record, JSON Schema and
 * topic. A {@code type} of another version (e.g. {@code ...v2}) is a different, unknown type.
 *
 * <p>This is the one table of which type goes on which topic: producers publish a type on its
 * {@link #topic()} and consumers accept on a topic only the types that belong there ({@link #acceptedOn}).
 */
public enum EventType {
    BACKUP_REQUESTED("backstream.backup.requested.v1", BackupRequested.class, Topics.BACKUP_REQUESTS,
            data -> ((BackupRequested) data).targetId()),
    TARGET_ANNOUNCED("backstream.target.announced.v1", TargetAnnounced.class, Topics.BACKUP_TARGETS,
            data -> ((TargetAnnounced) data).targetId()),
    POLICY("backstream.policy.v1", Policy.class, Topics.BACKUP_POLICIES,
            data -> ((Policy) data).id()),
    SNAPSHOT_STARTED("backstream.snapshot.started.v1", SnapshotStarted.class, Topics.BACKUP_EVENTS,
            data -> ((SnapshotStarted) data).backupId()),
    SNAPSHOT_COMPLETED("backstream.snapshot.completed.v1", SnapshotCompleted.class, Topics.BACKUP_EVENTS,
            data -> ((SnapshotCompleted) data).backupId()),
    SNAPSHOT_SKIPPED("backstream.snapshot.skipped.v1", SnapshotSkipped.class, Topics.BACKUP_EVENTS,
            data -> ((SnapshotSkipped) data).backupId()),
    SNAPSHOT_FAILED("backstream.snapshot.failed.v1", SnapshotFailed.class, Topics.BACKUP_EVENTS,
            data -> ((SnapshotFailed) data).backupId()),
    UPLOAD_COMPLETED("backstream.upload.completed.v1", UploadCompleted.class, Topics.BACKUP_EVENTS,
            data -> ((UploadCompleted) data).backupId()),
    UPLOAD_FAILED("backstream.upload.failed.v1", UploadFailed.class, Topics.BACKUP_EVENTS,
            data -> ((UploadFailed) data).backupId()),
    BACKUP_VERIFIED("backstream.backup.verified.v1", BackupVerified.class, Topics.BACKUP_EVENTS,
            data -> ((BackupVerified) data).backupId()),
    BACKUP_VERIFICATION_FAILED("backstream.backup.verification-failed.v1", BackupVerificationFailed.class,
            Topics.BACKUP_EVENTS,
            data -> ((BackupVerificationFailed) data).backupId()),
    DELETE_REQUESTED("backstream.backup.delete-requested.v1", DeleteRequested.class, Topics.BACKUP_DELETIONS,
            data -> ((DeleteRequested) data).backupId()),
    BACKUP_DELETED("backstream.backup.deleted.v1", BackupDeleted.class, Topics.BACKUP_EVENTS,
            data -> ((BackupDeleted) data).backupId()),
    BACKUP_DELETE_FAILED("backstream.backup.delete-failed.v1", BackupDeleteFailed.class, Topics.BACKUP_EVENTS,
            data -> ((BackupDeleteFailed) data).backupId()),
    BACKUP_DISCOVERED("backstream.backup.discovered.v1", BackupDiscovered.class, Topics.BACKUP_EVENTS,
            data -> ((BackupDiscovered) data).backupId()),
    RESTORE_REQUESTED("backstream.restore.requested.v1", RestoreRequested.class, Topics.RESTORE_REQUESTS,
            data -> ((RestoreRequested) data).restoreId()),
    RESTORE_STARTED("backstream.restore.started.v1", RestoreStarted.class, Topics.RESTORE_EVENTS,
            data -> ((RestoreStarted) data).restoreId()),
    RESTORE_PROGRESS("backstream.restore.progress.v1", RestoreProgress.class, Topics.RESTORE_EVENTS,
            data -> ((RestoreProgress) data).restoreId()),
    RESTORE_COMPLETED("backstream.restore.completed.v1", RestoreCompleted.class, Topics.RESTORE_EVENTS,
            data -> ((RestoreCompleted) data).restoreId()),
    RESTORE_FAILED("backstream.restore.failed.v1", RestoreFailed.class, Topics.RESTORE_EVENTS,
            data -> ((RestoreFailed) data).restoreId());

    /** Classpath folder of the v1 schemas. */
    public static final String SCHEMA_FOLDER = "/io/backstream/schema/v1/";

    private static final Map<String, EventType> BY_TYPE =
            Stream.of(values()).collect(Collectors.toUnmodifiableMap(EventType::type, Function.identity()));
    private static final Map<Class<?>, EventType> BY_CLASS =
            Stream.of(values()).collect(Collectors.toUnmodifiableMap(EventType::dataClass, Function.identity()));

    private final String type;
    private final Class<?> dataClass;
    private final String topic;
    private final Function<Object, String> key;

    EventType(String type, Class<?> dataClass, String topic, Function<Object, String> key) {
        this.type = type;
        this.dataClass = dataClass;
        this.topic = topic;
        this.key = key;
    }

    /** CloudEvents {@code type}, e.g. {@code backstream.backup.requested.v1}. */
    public String type() {
        return type;
    }

    /** The record {@code data} maps to. */
    public Class<?> dataClass() {
        return dataClass;
    }

    /** Classpath resource of the JSON Schema of {@code data}, e.g. {@code /io/backstream/schema/v1/policy.schema.json}. */
    public String schemaResource() {
        return SCHEMA_FOLDER + name().toLowerCase(Locale.ROOT).replace('_', '-') + ".schema.json";
    }

    /** Topic this event is published on. */
    public String topic() {
        return topic;
    }

    /**
     * Refuses this type on any topic but its own: an event read from another topic is misrouted or forged
     * (a DeleteRequested on {@code restore.requests} must not reach the restore service as a request).
     *
     * @param topic the topic the event was read from
     * @throws EventRejectedException WRONG_TOPIC, naming this type, {@code topic} and the type's own topic
     */
    public void requireOn(String topic) throws EventRejectedException {
        if (!this.topic.equals(topic)) {
            throw new EventRejectedException(EventRejectedException.Reason.WRONG_TOPIC,
                    type + " does not belong on " + topic + " (its topic is " + this.topic + ")");
        }
    }

    /** The types a consumer accepts on {@code topic}: those whose topic it is; none on a DLQ or unknown topic. */
    public static Set<EventType> acceptedOn(String topic) {
        Set<EventType> accepted = EnumSet.noneOf(EventType.class);
        for (EventType eventType : values()) {
            if (eventType.topic.equals(topic)) {
                accepted.add(eventType);
            }
        }
        return accepted;
    }

    /**
     * The Kafka record key to publish {@code data} with on {@link #topic()} (the field named by
     * {@link Topics.TopicSpec#key()}: targetId, backupId, restoreId or the policy id).
     *
     * @throws ClassCastException if {@code data} is not a {@link #dataClass()}
     */
    public String key(Object data) {
        return key.apply(dataClass.cast(data));
    }

    /** The event type with this exact {@code type} string; empty for unknown types and unsupported versions. */
    public static Optional<EventType> fromType(String type) {
        return Optional.ofNullable(type == null ? null : BY_TYPE.get(type));
    }

    /**
     * The event type whose data record is {@code dataClass}.
     *
     * @throws IllegalArgumentException if the class is not an event data record
     */
    public static EventType of(Class<?> dataClass) {
        EventType eventType = BY_CLASS.get(dataClass);
        if (eventType == null) {
            throw new IllegalArgumentException("Not an event data class: " + dataClass);
        }
        return eventType;
    }
}
