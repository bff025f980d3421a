package io.backstream.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.backstream.schema.event.BackupRequested;
import io.backstream.schema.event.RestoreRequested;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Frozen v1 samples (src/test/resources/samples/v1, never edited) must keep decoding. */
class BackwardCompatibilityTest {

    private static final EventCodec CODEC = new EventCodec();

    @ParameterizedTest
    @EnumSource(EventType.class)
    void frozenV1SampleStillDecodes(EventType type) throws Exception {
        CloudEvent<?> event = CODEC.decode(sample(type));
        assertEquals(type.type(), event.type());
        assertEquals(type.dataClass(), event.data().getClass());
    }

    @Test
    void frozenSamplesKeepTheirMeaning() throws Exception {
        BackupRequested request = CODEC.decode(sample(EventType.BACKUP_REQUESTED), BackupRequested.class).data();
        assertEquals("pg-main", request.targetId());
        assertEquals(BackupType.INCREMENTAL, request.type());
        assertEquals(Compression.ZSTD, request.compression());
        assertEquals("nightly-pg", request.policyId());

        RestoreRequested restore = CODEC.decode(sample(EventType.RESTORE_REQUESTED), RestoreRequested.class).data();
        assertEquals("pg-main", restore.targetId());
        assertEquals("pg_main_restored", restore.destination().database());
    }

    private static byte[] sample(EventType type) throws IOException {
        String name = "/samples/v1/" + type.name().toLowerCase(Locale.ROOT).replace('_', '-') + ".json";
        try (InputStream in = BackwardCompatibilityTest.class.getResourceAsStream(name)) {
            assertNotNull(in, name);
            return in.readAllBytes();
        }
    }
}
