package io.backstream.catalog.api;

import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Hidden;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Serves the status page at {@code /status}: one self-contained HTML document (styles, script and chart inline,
 * nothing fetched from outside) that reads the catalog's own JSON API from the browser.
 */
@Secured(SecurityRule.IS_ANONYMOUS)
@Controller
@Hidden
public class StatusPageController {

    private static final String PAGE = "status/status.html";

    private final byte[] page;

    StatusPageController() {
        try (InputStream in = StatusPageController.class.getClassLoader().getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + PAGE + " is missing from the build");
            }
            page = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The status page; it refreshes its data every 15 seconds. */
    @Get(uri = "/status", produces = MediaType.TEXT_HTML)
    HttpResponse<byte[]> status() {
        return HttpResponse.ok(page).header("Cache-Control", "no-cache");
    }
}
