package io.backstream.uploader.domain;

import io.backstream.schema.ChunkHeaders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Records are accepted in order, and nothing of them is in the state store before {@code persist}. */
class RecordStagingTest extends UploadFixture {

    private StateStore store;
    private RecordStaging staging;
    private ActiveUpload upload;

    @BeforeEach
    void setUp() {
        store = store();
        staging = staging(store);
        upload = resumption(store).start(started());
    }

    @Test
    void acceptedRecordsReachTheStateStoreOnlyWhenPersisted() throws Exception {
        staging.acceptIndex(upload, index(0));
        staging.acceptChunk(upload, headers(0), data(0));

        assertEquals(0, store().load("b-1").orElseThrow().nextSequence());
        assertEquals(List.of(), spooledChunks());

        staging.persist(upload);

        UploadState saved = store().load("b-1").orElseThrow();
        assertEquals(1, saved.nextSequence());
        assertEquals(chunks.get(0).length, saved.archiveBytes());
        assertEquals(1, saved.fileCount());
        assertEquals(List.of(0L), spooledChunks());
        assertTrue(upload.staged.isEmpty());
    }

    @Test
    void aRedeliveredChunkIsSkipped() throws Exception {
        staging.acceptChunk(upload, headers(0), data(0));
        staging.persist(upload);
        UploadState before = upload.accepted;

        staging.acceptChunk(upload, headers(0), data(0));

        assertSame(before, upload.accepted);
        assertTrue(upload.staged.isEmpty());
    }

    @Test
    void aChunkAfterAGapIsRefusedAndChangesNothing() {
        UploadState before = upload.accepted;

        UploadFailure failure = assertThrows(UploadFailure.class,
                () -> staging.acceptChunk(upload, headers(1), data(1)));

        assertEquals("chunk 1 arrived while chunk 0 was expected: records of the backup are missing", failure.getMessage());
        assertSame(before, upload.accepted);
        assertTrue(upload.staged.isEmpty());
    }

    @Test
    void aChunkThatDoesNotStartWhereTheArchiveEndsIsRefused() {
        ChunkHeaders first = headers(0);
        ChunkHeaders shifted = ChunkHeaders.of(first.backupId(), 0, 5, first.size(), first.sha256(), false);

        UploadFailure failure = assertThrows(UploadFailure.class,
                () -> staging.acceptChunk(upload, shifted, data(0)));

        assertEquals("chunk 0 says it starts at byte 5 but the archive so far has 0 bytes", failure.getMessage());
    }

    @Test
    void anIndexForALaterChunkIsRefused() {
        UploadFailure failure = assertThrows(UploadFailure.class, () -> staging.acceptIndex(upload, index(2)));

        assertEquals("index of chunk 2 arrived while chunk 0 was expected: records of the backup are missing",
                failure.getMessage());
    }

    private List<Long> spooledChunks() {
        List<Long> sequences = new ArrayList<>();
        store.forEachChunk("b-1", line -> sequences.add(StateStore.parseChunk(line).sequence()));
        return sequences;
    }
}
