package io.backstream.schema;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstream.schema.EventRejectedException.Reason;
import io.backstream.schema.manifest.BackupManifest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * What one data chunk holds in tar terms: where its frames sit in the uncompressed tar stream and
 * the entries whose headers start in it. The worker sends it on {@code backup.chunks} as its own
 * record, right before the data chunk it describes (same backup id and sequence, header
 * {@code bs-record-type: index}, see {@link ChunkRecords}); the uploader collects these into the
 * manifest, which is how a partial restore later fetches only the chunks it needs.
 *
 * <p>The value is gzip-compressed JSON.
 *
 * @param chunkSequence the data chunk this describes
 * @param rawOffset     offset of the chunk's first frame in the uncompressed tar stream
 * @param rawSize       uncompressed bytes in the chunk's frames
 * @param files         entries whose tar header starts in the chunk, in archive order
 */
public record ChunkIndex(long chunkSequence, long rawOffset, long rawSize, List<BackupManifest.FileEntry> files) {

    private static final ObjectMapper MAPPER = Json.newMapper();

    public ChunkIndex {
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** Headers of the index record for {@code backupId}. */
    public Map<String, byte[]> headers(String backupId) {
        Map<String, byte[]> headers = ChunkRecords.headers(ChunkRecords.Type.INDEX, backupId);
        headers.put(ChunkHeaders.SEQUENCE, Long.toString(chunkSequence).getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    /** The record value: gzip-compressed JSON. */
    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            MAPPER.writeValue(gzip, this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode chunk index", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads an index record value.
     *
     * @throws EventRejectedException MALFORMED when the value is not gzip-compressed index JSON
     */
    public static ChunkIndex decode(byte[] value) throws EventRejectedException {
        if (value == null) {
            throw new EventRejectedException(Reason.MALFORMED, "Chunk index record has no value");
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(value))) {
            ChunkIndex index = MAPPER.readValue(in, ChunkIndex.class);
            if (index.chunkSequence() < 0 || index.rawOffset() < 0 || index.rawSize() < 0) {
                throw new EventRejectedException(Reason.INVALID, "Chunk index has a negative position");
            }
            return index;
        } catch (IOException e) {
            // Jackson's message can quote the payload: report only the kind of failure
            throw new EventRejectedException(Reason.MALFORMED, "Chunk index record is not gzip-compressed index JSON ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
