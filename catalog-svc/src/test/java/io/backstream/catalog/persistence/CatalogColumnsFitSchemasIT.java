package io.backstream.catalog.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import io.backstream.catalog.domain.Backup;
import io.backstream.catalog.domain.BackupStatus;
import io.backstream.catalog.domain.Restore;
import io.backstream.schema.BackupType;
import io.backstream.schema.CloudEvent;
import io.backstream.schema.Compression;
import io.backstream.schema.EventCodec;
import io.backstream.schema.EventType;
import io.backstream.schema.EventValidator;
import io.backstream.schema.TargetKind;
import io.backstream.schema.Topics;
import io.backstream.schema.Warnings;
import io.backstream.schema.event.RestoreDestination;
import io.backstream.schema.event.RestoreFailed;
import io.backstream.schema.event.RestoreStarted;
import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.event.SnapshotFailed;
import io.backstream.schema.event.SnapshotStarted;
import io.backstream.schema.event.TargetAnnounced;
import io.backstream.schema.event.UploadCompleted;
import io.backstream.testkit.Postgres;
import io.micronaut.context.ApplicationContext;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The catalog's columns hold every string its events may carry, so a schema-valid event can never fail its insert
 * (and block the catalog's consumer for ever). Walks every string field of every schema of the topics the catalog
 * reads and compares its {@code maxLength} with the {@code character_maximum_length} of the column it lands in, on
 * a real PostgreSQL after Flyway. Every field is either mapped to its column or listed as not stored: a new field
 * fails this test until someone decides where it goes.
 */
class CatalogColumnsFitSchemasIT {

    /** What CatalogListener consumes. */
    private static final List<String> CATALOG_TOPICS = List.of(Topics.BACKUP_EVENTS, Topics.BACKUP_REQUESTS,
            Topics.BACKUP_DELETIONS, Topics.RESTORE_EVENTS, Topics.BACKUP_TARGETS, Topics.BACKUP_POLICIES);
    private static final String ENVELOPE = "cloudevent";

    /** Field (by name, in every backup lifecycle schema) to the {@code backups} column it is stored in. */
    private static final Map<String, String> BACKUP_FIELDS = Map.ofEntries(
            Map.entry("/backupId", "backups.id"),
            Map.entry("/targetId", "backups.target_id"),
            Map.entry("/targetKind", "backups.target_kind"),
            Map.entry("/workerId", "backups.worker_id"),
            Map.entry("/type", "backups.backup_type"),
            Map.entry("/parentBackupId", "backups.parent_backup_id"),
            Map.entry("/compression", "backups.compression"),
            Map.entry("/encryptionKeyId", "backups.encryption_key_id"),
            Map.entry("/storage", "backups.storage"),
            Map.entry("/policyId", "backups.policy_id"),
            Map.entry("/bucket", "backups.bucket"),
            Map.entry("/key", "backups.object_key"),
            Map.entry("/manifestKey", "backups.manifest_key"),
            Map.entry("/etag", "backups.etag"),
            // joined with '\n'
            Map.entry("/warnings/items", "backups.warnings"));

    /** Schema-specific columns, {@code <schema>#<pointer>}; they win over {@link #BACKUP_FIELDS}. */
    private static final Map<String, String> COLUMNS = Map.ofEntries(
            Map.entry("cloudevent#/id", "processed_events.event_id"),
            Map.entry("cloudevent#/type", "processed_events.event_type"),
            Map.entry("snapshot-completed#/sha256", "backups.snapshot_sha256"),
            Map.entry("upload-completed#/sha256", "backups.upload_sha256"),
            Map.entry("backup-discovered#/sha256", "backups.upload_sha256"),
            Map.entry("snapshot-failed#/reason", "backups.failure_reason"),
            Map.entry("upload-failed#/reason", "backups.failure_reason"),
            Map.entry("snapshot-skipped#/reason", "backups.failure_reason"),
            Map.entry("backup-verification-failed#/reason", "backups.verification_reason"),
            Map.entry("backup-delete-failed#/reason", "backups.delete_failure_reason"),
            Map.entry("backup-delete-failed#/deletedKeys/items", "backups.deleted_keys"),
            Map.entry("backup-verified#/restoreId", "backups.verification_restore_id"),
            Map.entry("backup-verification-failed#/restoreId", "backups.verification_restore_id"),
            Map.entry("target-announced#/targetId", "targets.id"),
            Map.entry("target-announced#/workerId", "targets.worker_id"),
            Map.entry("target-announced#/kind", "targets.kind"),
            Map.entry("target-announced#/description", "targets.description"),
            Map.entry("policy#/id", "policies.id"),
            Map.entry("policy#/timeZone", "policies.time_zone"),
            Map.entry("policy#/retention/maxAge", "policies.max_age"),
            Map.entry("restore-started#/restoreId", "restores.id"),
            Map.entry("restore-progress#/restoreId", "restores.id"),
            Map.entry("restore-completed#/restoreId", "restores.id"),
            Map.entry("restore-failed#/restoreId", "restores.id"),
            Map.entry("restore-failed#/backupId", "restores.failed_backup_id"),
            Map.entry("restore-failed#/reason", "restores.failure_reason"),
            // joined with ','
            Map.entry("restore-started#/backupIds/items", "restores.backup_ids"),
            Map.entry("restore-completed#/backupIds/items", "restores.backup_ids"),
            // stored as KIND:path or KIND:database
            Map.entry("restore-started#/destination/kind", "restores.destination"),
            Map.entry("restore-started#/destination/path", "restores.destination+DIRECTORY:"),
            Map.entry("restore-started#/destination/database", "restores.destination+POSTGRES:"));

    /** Fields the catalog does not store, with why. */
    private static final Map<String, String> NOT_STORED = Map.ofEntries(
            Map.entry("cloudevent#/source", "logged by the producer, not projected"),
            Map.entry("cloudevent#/subject", "the data carries the ids"),
            Map.entry("cloudevent#/datacontenttype", "always JSON"),
            Map.entry("cloudevent#/dataschema", "the type names the schema"),
            Map.entry("backup-requested#/requestedBy", "audit text, in the request only"),
            Map.entry("delete-requested#/requestedBy", "audit text, in the request only"),
            Map.entry("delete-requested#/reason", "the deletion records when, not why"),
            Map.entry("delete-requested#/storage", "the backup's storage is known from its run"),
            Map.entry("delete-requested#/key", "the backup's key is known from its upload"),
            Map.entry("delete-requested#/manifestKey", "the backup's key is known from its upload"),
            Map.entry("backup-deleted#/key", "the backup's key is known from its upload"),
            Map.entry("backup-delete-failed#/key", "the backup's key is known from its upload"),
            Map.entry("policy#/targets/items", "the scheduler's concern"),
            Map.entry("policy#/schedule", "the scheduler's concern"),
            Map.entry("policy#/fullSchedule", "the scheduler's concern"),
            Map.entry("policy#/drillSchedule", "the scheduler's concern"),
            Map.entry("policy#/maxIncrementalSpan", "the scheduler's concern"),
            Map.entry("policy#/storage", "the scheduler's concern"),
            Map.entry("policy#/compression", "the scheduler's concern"),
            Map.entry("policy#/encryptionKeyId", "the scheduler's concern"));

    private static Postgres postgres;
    private static String database;
    /** {@code table.column} to its character_maximum_length (null: not a character column or unbounded). */
    private static final Map<String, Integer> COLUMN_LENGTHS = new HashMap<>();

    @BeforeAll
    static void migrate() throws Exception {
        postgres = Postgres.shared();
        database = postgres.createUniqueDatabase("columns");
        Flyway.configure().dataSource(postgres.dataSource(database)).load().migrate();
        try (Connection connection = postgres.dataSource(database).getConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT table_name, column_name, character_maximum_length"
                     + " FROM information_schema.columns WHERE table_schema = 'public'")) {
            while (rs.next()) {
                int length = rs.getInt(3);
                COLUMN_LENGTHS.put(rs.getString(1) + "." + rs.getString(2), rs.wasNull() ? null : length);
            }
        }
    }

    @Test
    void everyStringTheCatalogStoresFitsItsColumnAndEveryOtherIsListedAsNotStored() throws Exception {
        Map<String, JsonNode> schemas = new LinkedHashMap<>();
        schemas.put(ENVELOPE, schema(EventValidator.ENVELOPE_SCHEMA));
        for (String topic : CATALOG_TOPICS) {
            for (EventType type : EventType.acceptedOn(topic)) {
                schemas.put(name(type.schemaResource()), schema(type.schemaResource()));
            }
        }
        List<String> problems = new ArrayList<>();
        Set<String> walked = new TreeSet<>();
        schemas.forEach((name, schema) -> walk(schema, "", null, (pointer, field, joinedItems) -> {
            String where = name + "#" + pointer;
            walked.add(where);
            if (NOT_STORED.containsKey(where)) {
                return;
            }
            String column = COLUMNS.getOrDefault(where,
                    ENVELOPE.equals(name) || name.startsWith("restore-") || name.equals("target-announced")
                            || name.equals("policy") ? null : BACKUP_FIELDS.get(pointer));
            if (column == null) {
                if (!"date-time".equals(field.path("format").asText())) {
                    problems.add(where + ": not mapped to a column nor listed as not stored");
                }
                return;
            }
            String prefix = column.contains("+") ? column.substring(column.indexOf('+') + 1) : "";
            String table = column.contains("+") ? column.substring(0, column.indexOf('+')) : column;
            int needed = prefix.length() + (joinedItems == null ? length(field)
                    : joinedItems * (length(field) + 1) - 1);
            if (!COLUMN_LENGTHS.containsKey(table)) {
                problems.add(where + ": column " + table + " does not exist");
            } else if (COLUMN_LENGTHS.get(table) != null && COLUMN_LENGTHS.get(table) < needed) {
                problems.add(where + " needs " + needed + " characters, " + table + " holds "
                        + COLUMN_LENGTHS.get(table));
            }
        }));
        Set<String> listed = new TreeSet<>(COLUMNS.keySet());
        listed.addAll(NOT_STORED.keySet());
        listed.removeAll(walked);
        assertEquals(Set.of(), listed, "listed fields that no schema has any more");
        assertEquals(List.of(), problems);
        assertTrue(walked.size() > 100, "walked " + walked.size() + " fields");
    }

    /** The projection stores events with every field at its schema's limit. */
    @Test
    void eventsAtEverySchemaLimitAreStored() throws Exception {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "datasources.default.url", postgres.jdbcUrl(database),
                "datasources.default.username", postgres.username(),
                "datasources.default.password", postgres.password(),
                "datasources.default.driver-class-name", "org.postgresql.Driver",
                "datasources.default.dialect", "POSTGRES",
                "backstream.topics.enabled", false,
                "kafka.enabled", false));
        IntFunction<String> text = n -> "x".repeat(n);
        String backupId = "b".repeat(256);
        String failedId = "f".repeat(256);
        String workerId = "w".repeat(256);
        Instant at = Instant.parse("2026-11-21T10:00:00Z");
        EventCodec codec = new EventCodec();
        try (ApplicationContext context = ApplicationContext.run(properties)) {
            CatalogProjection projection = context.getBean(CatalogProjection.class);
            List<Object> events = List.of(
                    new SnapshotStarted(backupId, "t".repeat(128), TargetKind.DIRECTORY, workerId, BackupType.FULL,
                            "p".repeat(256), Compression.ZSTD, "s".repeat(128), "q".repeat(256), at),
                    new SnapshotCompleted(backupId, "t".repeat(128), TargetKind.DIRECTORY, workerId,
                            BackupType.FULL, "p".repeat(256), Compression.ZSTD, "k".repeat(256), "s".repeat(128),
                            "q".repeat(256), 1, 1, 1, "a".repeat(64), 1,
                            Collections.nCopies(Warnings.MAX_COUNT, text.apply(Warnings.MAX_LENGTH)), at, at),
                    new UploadCompleted(backupId, "t".repeat(128), "s".repeat(128), "u".repeat(256),
                            "o".repeat(1024), "m".repeat(1024), 1, "a".repeat(64), "e".repeat(1024), 1, at, null),
                    new SnapshotFailed(failedId, "t".repeat(128), workerId, text.apply(4096), at),
                    new TargetAnnounced("t".repeat(128), workerId, TargetKind.DIRECTORY, text.apply(4096), at),
                    new RestoreStarted("r".repeat(256), Collections.nCopies(1000, backupId),
                            new RestoreDestination(RestoreDestination.Kind.DIRECTORY, "/" + text.apply(4095), null),
                            1, at),
                    new RestoreFailed("r".repeat(256), backupId, text.apply(4096), at));
            for (Object data : events) {
                CloudEvent<?> event = codec.create("i".repeat(256), at, "/it", null, data);
                // as the listener gets it: through the schemas
                projection.apply("columns-it", codec.decode(codec.encode(event)));
            }
            Backup backup = context.getBean(BackupStore.class).findBackup(backupId).orElseThrow();
            assertEquals(BackupStatus.COMPLETED, backup.status());
            assertEquals(Warnings.MAX_COUNT, backup.snapshot().warnings().size());
            assertEquals(1024, backup.upload().etag().length());
            assertEquals(4096, context.getBean(BackupStore.class).findBackup(failedId).orElseThrow().failureReason()
                    .length());
            assertEquals(4096, context.getBean(TargetStore.class).findTarget("t".repeat(128)).orElseThrow()
                    .description().length());
            Restore restore = context.getBean(RestoreStore.class).findRestore("r".repeat(256)).orElseThrow();
            assertEquals(1000, restore.backupIds().size());
            assertEquals(4096, restore.failureReason().length());
        }
    }

    /** Calls back with each string field, its JSON pointer and, for list items, the list's maxItems. */
    private static void walk(JsonNode schema, String pointer, Integer joinedItems, FieldVisitor visitor) {
        JsonNode type = schema.path("type");
        boolean string = "string".equals(type.asText()) || type.isArray() && type.toString().contains("\"string\"");
        if (string) {
            visitor.visit(pointer, schema, joinedItems);
        }
        schema.path("properties").fields().forEachRemaining(
                field -> walk(field.getValue(), pointer + "/" + field.getKey(), null, visitor));
        if (schema.path("items").isObject()) {
            walk(schema.get("items"), pointer + "/items",
                    schema.has("maxItems") ? schema.get("maxItems").asInt() : Integer.MAX_VALUE / 2, visitor);
        }
    }

    /** The longest value a string field allows: its maxLength, or its longest enum value. */
    private static int length(JsonNode field) {
        if (field.has("maxLength")) {
            return field.get("maxLength").asInt();
        }
        int longest = 0;
        for (JsonNode value : field.path("enum")) {
            longest = Math.max(longest, value.asText().length());
        }
        return longest;
    }

    private static JsonNode schema(String resource) throws Exception {
        try (InputStream in = CatalogColumnsFitSchemasIT.class.getResourceAsStream(resource)) {
            return new EventCodec().mapper().readTree(in);
        }
    }

    private static String name(String resource) {
        String file = resource.substring(resource.lastIndexOf('/') + 1);
        return file.substring(0, file.indexOf(".schema.json"));
    }

    @FunctionalInterface
    private interface FieldVisitor {
        void visit(String pointer, JsonNode field, Integer joinedItems);
    }

    @AfterAll
    static void done() {
        COLUMN_LENGTHS.clear();
    }
}
