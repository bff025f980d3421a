package io.backstream.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.event.SnapshotFailed;
import io.backstream.schema.event.SnapshotStarted;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ChunkRecordsTest {

    @Test
    void startAndEndRecordsRoundTripAndAreToldApart() throws Exception {
        SnapshotStarted started = (SnapshotStarted) Samples.record(SnapshotStarted.class);
        SnapshotCompleted completed = (SnapshotCompleted) Samples.record(SnapshotCompleted.class);

        assertEquals(started, ChunkRecords.decodeStart(ChunkRecords.encodeStart(started)));
        assertEquals(completed, ChunkRecords.decodeEnd(ChunkRecords.encodeEnd(completed)));
        SnapshotFailed failed = (SnapshotFailed) Samples.record(SnapshotFailed.class);
        assertEquals(failed, ChunkRecords.decodeAbort(ChunkRecords.encodeAbort(failed)));
        assertEquals(ChunkRecords.Type.ABORT,
                ChunkRecords.type(ChunkRecords.headers(ChunkRecords.Type.ABORT, "b-1")));
        assertEquals(ChunkRecords.Type.START,
                ChunkRecords.type(ChunkRecords.headers(ChunkRecords.Type.START, "b-1")));
        assertEquals(ChunkRecords.Type.END, ChunkRecords.type(ChunkRecords.headers(ChunkRecords.Type.END, "b-1")));
        assertEquals(ChunkRecords.Type.DATA, ChunkRecords.type(Map.of()));
    }

    @Test
    void badRecordsAreRejected() {
        EventRejectedException unknown = assertThrows(EventRejectedException.class, () -> ChunkRecords.type(
                Map.of(ChunkRecords.RECORD_TYPE, "trailer".getBytes(StandardCharsets.UTF_8))));
        assertEquals(EventRejectedException.Reason.MALFORMED, unknown.reason());

        EventRejectedException invalid = assertThrows(EventRejectedException.class,
                () -> ChunkRecords.decodeStart("{\"backupId\":\"b-1\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(EventRejectedException.Reason.INVALID, invalid.reason());

        assertThrows(EventRejectedException.class,
                () -> ChunkRecords.decodeEnd("not json".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void recordsWithoutAValueAreRejectedAsMalformed() {
        for (var decode : List.<Executable>of(
                () -> ChunkRecords.decodeStart(null), () -> ChunkRecords.decodeEnd(null),
                () -> ChunkRecords.decodeAbort(null))) {
            assertEquals(EventRejectedException.Reason.MALFORMED,
                    assertThrows(EventRejectedException.class, decode).reason());
        }
    }
}
