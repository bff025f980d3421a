package io.backstream.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstream.schema.event.SnapshotCompleted;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class WarningsTest {

    @Test
    void aSnapshotWithThousandsOfLongWarningsStillEncodes() {
        List<String> many = Collections.nCopies(5_000, "dir/" + "s".repeat(5_000) + ": special file not archived");
        SnapshotCompleted completed = new SnapshotCompleted("b-1", "app", TargetKind.DIRECTORY, "w-1", BackupType.FULL,
                null, Compression.ZSTD, null, "local", null, 1, 1, 1, "0".repeat(64), 1, many, Instant.EPOCH,
                Instant.EPOCH);
        assertEquals(Warnings.MAX_COUNT, completed.warnings().size());
        assertEquals("4901 more warnings not listed", completed.warnings().get(Warnings.MAX_COUNT - 1));
        assertTrue(completed.warnings().get(0).endsWith(BoundedText.CUT_MARK));
        assertEquals(Warnings.MAX_LENGTH, completed.warnings().get(0).length());
        EventCodec codec = new EventCodec();
        codec.encode(codec.create("/test", "b-1", completed));
    }

    @Test
    void cutKeepsShortTextAndNeverSplitsASurrogatePair() {
        assertEquals("short", BoundedText.cut("short", 10));
        String cut = BoundedText.cut("abc\uD83D\uDE00defghijklmnop", 10);
        assertEquals("abc" + BoundedText.CUT_MARK, cut);
    }
}
