package io.backstream.schema.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstream.schema.EventType;
import io.backstream.schema.EventValidator;
import io.backstream.schema.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/** Reads and writes {@link BackupManifest} JSON, validated against its schema. Thread-safe. */
public final class BackupManifests {

    /** Format version this build writes. */
    public static final int FORMAT_VERSION = 1;
    /** Oldest format version this build reads. */
    public static final int MIN_FORMAT_VERSION = 1;
    /** Newest format version this build reads. */
    public static final int MAX_FORMAT_VERSION = 1;
    /** Classpath resource of the manifest schema. */
    public static final String SCHEMA = EventType.SCHEMA_FOLDER + "backup-manifest.schema.json";

    private static final ObjectMapper MAPPER = Json.newMapper();
    private static final EventValidator VALIDATOR = new EventValidator();

    private BackupManifests() {
    }

    /**
     * Reads a manifest; does not close {@code in}.
     *
     * @throws ManifestRejectedException when it is not JSON, breaks the schema or its {@code formatVersion} is
     *                                   outside {@value #MIN_FORMAT_VERSION}..{@value #MAX_FORMAT_VERSION}
     * @throws IOException               when reading the stream fails
     */
    public static BackupManifest read(InputStream in) throws IOException {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            throw new ManifestRejectedException("Manifest is not valid JSON", List.of());
        }
        if (tree == null || !tree.isObject()) {
            throw new ManifestRejectedException("Manifest must be a JSON object", List.of());
        }
        JsonNode version = tree.get("formatVersion");
        if (version == null || !version.canConvertToExactIntegral()) {
            throw new ManifestRejectedException("Manifest has no integer formatVersion", List.of());
        }
        if (version.asLong() < MIN_FORMAT_VERSION || version.asLong() > MAX_FORMAT_VERSION) {
            throw new ManifestRejectedException("Unsupported manifest formatVersion " + version.asLong()
                    + " (this build reads " + MIN_FORMAT_VERSION + ".." + MAX_FORMAT_VERSION + ")", List.of());
        }
        List<String> errors = VALIDATOR.validate(SCHEMA, tree);
        if (!errors.isEmpty()) {
            throw new ManifestRejectedException("Manifest breaks its schema:", errors);
        }
        return MAPPER.treeToValue(tree, BackupManifest.class);
    }

    /** Parses manifest bytes, see {@link #read(InputStream)}. */
    public static BackupManifest read(byte[] json) throws IOException {
        return read(new ByteArrayInputStream(json));
    }

    /**
     * The manifest as JSON bytes.
     *
     * @throws IllegalArgumentException if the manifest breaks its schema (a writer bug)
     */
    public static byte[] toBytes(BackupManifest manifest) {
        JsonNode tree = MAPPER.valueToTree(manifest);
        List<String> errors = VALIDATOR.validate(SCHEMA, tree);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("Invalid manifest: " + String.join("; ", errors));
        }
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot serialise manifest " + manifest.backupId(), e);
        }
    }

    /** Writes {@link #toBytes(BackupManifest)} to {@code out}; does not close it. */
    public static void write(BackupManifest manifest, OutputStream out) throws IOException {
        out.write(toBytes(manifest));
    }
}
