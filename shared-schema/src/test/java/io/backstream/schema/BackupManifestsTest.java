package io.backstream.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backstream.schema.manifest.BackupManifest;
import io.backstream.schema.manifest.BackupManifests;
import io.backstream.schema.manifest.ManifestRejectedException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackupManifestsTest {

    private static final BackupManifest MANIFEST = new BackupManifest(1, "b-1", "app-data", TargetKind.DIRECTORY,
            BackupType.FULL, null, "nightly", Instant.parse("2026-11-21T02:00:00Z"),
            Instant.parse("2026-11-21T02:01:00Z"), Compression.ZSTD, null, 300, Samples.SHA256, 1000L,
            List.of(new BackupManifest.Chunk(0, 0, 200, Samples.SHA256, 0L, 600L),
                    new BackupManifest.Chunk(1, 200, 100, Samples.SHA256, 600L, 400L)),
            List.of(new BackupManifest.FileEntry("etc", BackupManifest.FileType.DIRECTORY, 0, 493,
                            Instant.parse("2026-11-20T00:00:00Z"), 0L, 0L, null),
                    new BackupManifest.FileEntry("etc/app.conf", BackupManifest.FileType.FILE, 12, 420,
                            Instant.parse("2026-11-20T00:00:00Z"), 0L, 512L, null)),
            List.of());

    @Test
    void writesAndReadsBack() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BackupManifests.write(MANIFEST, out);
        assertEquals(MANIFEST, BackupManifests.read(new ByteArrayInputStream(out.toByteArray())));
    }

    @Test
    void futureFormatVersionIsRejectedClearly() throws Exception {
        ObjectNode json = (ObjectNode) Json.newMapper().readTree(BackupManifests.toBytes(MANIFEST));
        json.put("formatVersion", 2);
        ManifestRejectedException e = assertThrows(ManifestRejectedException.class,
                () -> BackupManifests.read(Json.newMapper().writeValueAsBytes(json)));
        assertTrue(e.getMessage().contains("Unsupported manifest formatVersion 2 (this build reads 1..1)"),
                e.getMessage());
    }

    @Test
    void schemaViolationsAreRejectedWithPointers() throws Exception {
        ObjectNode json = (ObjectNode) Json.newMapper().readTree(BackupManifests.toBytes(MANIFEST));
        ((ObjectNode) json.withArray("chunks").get(1)).put("sha256", "XYZ");
        ManifestRejectedException e = assertThrows(ManifestRejectedException.class,
                () -> BackupManifests.read(Json.newMapper().writeValueAsBytes(json)));
        assertTrue(e.getMessage().contains("/chunks/1/sha256"), e.getMessage());
        assertThrows(ManifestRejectedException.class, () -> BackupManifests.read("not json".getBytes()));
    }
}
