package io.backstream.catalog;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

/** Backstream catalog: the index of every backup, its query API and retention decisions. */
@OpenAPIDefinition(info = @Info(title = "catalog-svc", version = "v1", description = "Backstream catalog: the index of every backup, its query API and retention decisions."))
public final class CatalogApplication {

    private CatalogApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(CatalogApplication.class, args);
    }
}
