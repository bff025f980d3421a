package io.backstream.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.backstream.schema.manifest.BackupManifest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkIndexTest {

    @Test
    void roundTripsAndIsToldApartFromDataChunks() throws Exception {
        ChunkIndex index = new ChunkIndex(2, 16_777_216L, 9_000_000L, List.of(
                new BackupManifest.FileEntry("data/big.bin", BackupManifest.FileType.FILE, 52_428_800L, 420,
                        Instant.parse("2026-11-20T00:00:00Z"), 2L, 16_780_800L, null),
                new BackupManifest.FileEntry("data/link", BackupManifest.FileType.SYMLINK, 0, 511,
                        Instant.parse("2026-11-20T00:00:00Z"), 2L, 25_000_000L, "big.bin")));

        assertEquals(index, ChunkIndex.decode(index.encode()));
        assertEquals(ChunkRecords.Type.INDEX, ChunkRecords.type(index.headers("b-1")));
        assertEquals("2", new String(index.headers("b-1").get(ChunkHeaders.SEQUENCE), StandardCharsets.UTF_8));
        assertEquals(ChunkRecords.Type.DATA,
                ChunkRecords.type(ChunkHeaders.of("b-1", 2, 0, 1, Samples.SHA256, false).toHeaders()));
    }

    @Test
    void aValueThatIsNotAnIndexIsMalformed() {
        EventRejectedException notGzip = assertThrows(EventRejectedException.class,
                () -> ChunkIndex.decode("{\"chunkSequence\":1}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(EventRejectedException.Reason.MALFORMED, notGzip.reason());
        assertThrows(EventRejectedException.class, () -> ChunkIndex.decode(null));
    }
}
