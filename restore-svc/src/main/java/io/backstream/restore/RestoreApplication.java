package io.backstream.restore;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

/** Backstream restore service: restores, verification drills, download URLs and retention deletes. */
@OpenAPIDefinition(info = @Info(title = "restore-svc", version = "v1", description = "Backstream restore service: restores, verification drills, download URLs and retention deletes."))
public final class RestoreApplication {

    private RestoreApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(RestoreApplication.class, args);
    }
}
