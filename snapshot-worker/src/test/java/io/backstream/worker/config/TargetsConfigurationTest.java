package io.backstream.worker.config;

import io.backstream.schema.Compression;
import io.backstream.schema.TargetKind;
import io.backstream.worker.domain.TargetSpec;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Targets come from configuration; a target that cannot work fails start-up naming the property. */
class TargetsConfigurationTest {

    private static final String T = "backstream.worker.targets.";

    @Test
    void targetsAreReadWithTheirDefaults() {
        try (ApplicationContext context = start(Map.of(
                T + "docs.kind", "DIRECTORY", T + "docs.path", "/srv/docs", T + "docs.exclude", List.of("**/*.tmp"),
                T + "docs.pre-hook.command", List.of("sync"), T + "docs.pre-hook.timeout", "10s",
                T + "db.kind", "POSTGRES", T + "db.postgres.database", "shop", T + "db.compression", "GZIP"))) {
            Targets targets = context.getBean(Targets.class);
            TargetSpec docs = targets.find("docs").orElseThrow();
            assertEquals(TargetKind.DIRECTORY, docs.kind());
            assertEquals(Compression.ZSTD, docs.compression());
            assertEquals(3, docs.level());
            assertEquals(8 * 1024 * 1024, docs.chunkSize());
            assertEquals(List.of("**/*.tmp"), docs.excludes());
            assertEquals(new TargetSpec.Hook(List.of("sync"), Duration.ofSeconds(10)), docs.preHook());
            TargetSpec db = targets.find("db").orElseThrow();
            assertEquals(6, db.level(), "gzip's default level");
            assertEquals(5432, db.postgres().port());
            assertTrue(targets.find("other").isEmpty());
            assertFalse(context.getRequiredProperty("backstream.worker.id", String.class).isBlank(),
                    "the worker id defaults to the host name");
        }
    }

    @Test
    void aDirectoryTargetWithoutAPathFailsStartUpNamingTheProperty() {
        Exception failure = assertThrows(Exception.class,
                () -> start(Map.of(T + "docs.kind", "DIRECTORY")).close());
        assertTrue(message(failure).contains("backstream.worker.targets.docs.path is required for kind DIRECTORY"),
                message(failure));
    }

    @Test
    void aChunkSizeOutsideItsRangeFailsStartUpNamingIt() {
        Exception failure = assertThrows(Exception.class, () -> start(Map.of(
                T + "docs.kind", "DIRECTORY", T + "docs.path", "/srv", T + "docs.chunk-size", 1000)).close());
        assertTrue(message(failure).contains("chunkSize"), message(failure));
    }

    @Test
    void aBadPostgresTargetFailsWithoutShowingItsPassword() {
        Exception failure = assertThrows(Exception.class, () -> start(Map.of(
                T + "db.kind", "POSTGRES", T + "db.postgres.password", "hunter2-secret")).close());
        assertTrue(message(failure).contains("backstream.worker.targets.db.postgres.database is required"),
                message(failure));
        assertFalse(message(failure).contains("hunter2-secret"));
    }

    private static ApplicationContext start(Map<String, Object> targets) {
        Map<String, Object> properties = new HashMap<>(targets);
        properties.put("backstream.topics.enabled", false);
        properties.put("kafka.bootstrap.servers", "127.0.0.1:1");
        properties.put("micronaut.server.port", -1);
        return ApplicationContext.run(properties);
    }

    private static String message(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            text.append(t.getMessage()).append('\n');
        }
        return text.toString();
    }
}
