package io.backstream.testkit;

import io.backstream.schema.manifest.BackupManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArchivesTest {

    @Test
    void chunksConcatenateToATarThatGnuTarRestoresAndOffsetsPointAtHeaders(@TempDir Path temp) throws Exception {
        Path source = TreeFixtures.generate(temp.resolve("src"), 3L * 1024 * 1024);
        List<Archives.Entry> entries = Archives.entriesOf(source);
        Archives.Archive archive = Archives.zstd(entries, 256 * 1024, Archives.ChunkCut.everyFrames(2));

        assertTrue(archive.chunks().size() > 1, "a 3 MiB tree spans several chunks");
        ByteArrayOutputStream concatenated = new ByteArrayOutputStream();
        long raw = 0;
        for (Archives.Chunk chunk : archive.chunks()) {
            assertEquals(raw, chunk.rawOffset(), "chunks cover the tar without gaps");
            raw += chunk.rawSize();
            concatenated.write(chunk.bytes());
        }
        assertEquals(archive.tar().length, raw);
        assertArrayEquals(archive.bytes(), concatenated.toByteArray());
        assertEquals(entries.size(), archive.files().size());
        for (BackupManifest.FileEntry file : archive.files()) {
            Archives.Chunk chunk = archive.chunks().get(file.chunkSequence().intValue());
            assertTrue(file.rawOffset() >= chunk.rawOffset() && file.rawOffset() < chunk.rawOffset() + chunk.rawSize());
            assertTrue(chunk.files().contains(file));
        }

        Path archiveFile = Files.write(temp.resolve("a.tar.zst"), archive.bytes());
        Path out = temp.resolve("out");
        TreeFixtures.extract(archiveFile, true, out);
        TreeFixtures.assertSameTree(source, out);
    }

    @Test
    void sizeCutClosesAChunkOnceItHoldsEnoughCompressedBytes(@TempDir Path temp) throws Exception {
        Path source = TreeFixtures.generate(temp.resolve("src"), 3L * 1024 * 1024);
        Archives.Archive archive = Archives.zstd(Archives.entriesOf(source), 256 * 1024,
                Archives.ChunkCut.atLeastBytes(1024 * 1024));
        List<Archives.Chunk> chunks = archive.chunks();
        for (Archives.Chunk chunk : chunks.subList(0, chunks.size() - 1)) {
            assertTrue(chunk.bytes().length >= 1024 * 1024, chunk.bytes().length + " bytes");
        }
        assertEquals(archive.sha256(), Archives.sha256(archive.bytes()));
    }
}
