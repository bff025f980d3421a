package io.backstream.uploader;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

/** Backstream uploader: streams backup chunks into object storage as multipart uploads. */
@OpenAPIDefinition(info = @Info(title = "uploader-svc", version = "v1", description = "Backstream uploader: streams backup chunks into object storage as multipart uploads."))
public final class UploaderApplication {

    private UploaderApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(UploaderApplication.class, args);
    }
}
