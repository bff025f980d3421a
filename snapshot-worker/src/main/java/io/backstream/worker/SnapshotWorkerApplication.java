package io.backstream.worker;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

/** Backstream snapshot worker: snapshots local targets into compressed, chunked tarballs. */
@OpenAPIDefinition(info = @Info(title = "snapshot-worker", version = "v1", description = "Backstream snapshot worker: snapshots local targets into compressed, chunked tarballs."))
public final class SnapshotWorkerApplication {

    private SnapshotWorkerApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(SnapshotWorkerApplication.class, args);
    }
}
