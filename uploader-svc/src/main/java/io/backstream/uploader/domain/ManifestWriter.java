package io.backstream.uploader.domain;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backstream.schema.EventValidator;
import io.backstream.schema.Json;
import io.backstream.schema.manifest.BackupManifest;
import io.backstream.schema.manifest.BackupManifests;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes a manifest to a file without holding its chunk and file lists in memory: the scalar fields
 * come from a {@link BackupManifest} without lists (checked against the manifest schema together
 * with the first chunk), the {@code chunks} and {@code files} arrays are copied line by line from
 * the spools of a {@link StateStore}. The output reads back with {@link BackupManifests#read}.
 */
final class ManifestWriter {

    private static final ObjectMapper MAPPER = Json.newMapper();
    private static final EventValidator VALIDATOR = new EventValidator();

    private ManifestWriter() {
    }

    /**
     * @param header     the manifest with empty {@code chunks} and {@code files}
     * @param firstChunk the first spooled chunk, validated with the header
     */
    static void write(Path target, BackupManifest header, BackupManifest.Chunk firstChunk, StateStore store) {
        ObjectNode tree = MAPPER.valueToTree(header);
        ObjectNode probe = tree.deepCopy();
        probe.putArray("chunks").add(MAPPER.valueToTree(firstChunk));
        List<String> errors = VALIDATOR.validate(BackupManifests.SCHEMA, probe);
        if (!errors.isEmpty()) {
            throw new IllegalStateException("manifest of backup " + header.backupId() + " breaks its schema: "
                    + String.join("; ", errors));
        }
        try (OutputStream out = Files.newOutputStream(target);
             JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
            json.writeStartObject();
            for (Iterator<Map.Entry<String, JsonNode>> fields = tree.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                json.writeFieldName(field.getKey());
                switch (field.getKey()) {
                    case "chunks" -> copyArray(json, line -> store.forEachChunk(header.backupId(), line));
                    case "files" -> copyArray(json, line -> store.forEachFile(header.backupId(), line));
                    default -> MAPPER.writeTree(json, field.getValue());
                }
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the manifest of backup " + header.backupId(), e);
        }
    }

    private interface Lines {
        void each(java.util.function.Consumer<String> consumer);
    }

    private static void copyArray(JsonGenerator json, Lines lines) throws IOException {
        json.writeStartArray();
        try {
            // spool lines were written by the same mapper, one JSON object each
            lines.each(line -> {
                try {
                    json.writeRawValue(line);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        json.writeEndArray();
    }
}
