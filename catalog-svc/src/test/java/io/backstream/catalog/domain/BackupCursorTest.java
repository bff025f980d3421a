package io.backstream.catalog.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BackupCursorTest {

    @Test
    void roundTripsWithMicrosecondPrecision() {
        BackupCursor cursor = new BackupCursor(Instant.parse("2026-11-21T10:00:00.123456789Z"), "b|1-x", true);
        BackupCursor decoded = BackupCursor.decode(cursor.encode());
        assertEquals(Instant.parse("2026-11-21T10:00:00.123456Z"), decoded.createdAt());
        assertEquals("b|1-x", decoded.id(), "ids may contain the separator");
        assertEquals(true, decoded.descending());
        assertEquals(cursor, decoded);
    }

    @Test
    void isUrlSafe() {
        String text = new BackupCursor(Instant.EPOCH.minusSeconds(1), "ü/+?", false).encode();
        assertFalse(text.contains("/") || text.contains("+") || text.contains("=") || text.contains("?"), text);
        assertEquals(Instant.EPOCH.minusSeconds(1), BackupCursor.decode(text).createdAt());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "!!!", "MXxkfDEy", "Mnxk fDEyfGI", "MXx4fDEyfGI", "MXxkfGFiY3xi", "MXxkfDEyfA"})
    void rejectsAnythingElse(String text) {
        assertThrows(IllegalArgumentException.class, () -> BackupCursor.decode(text));
    }
}
