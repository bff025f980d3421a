package io.backstream.restore.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.serde.annotation.Serdeable;

/** An RFC 9457 problem+json body; {@code detail} names the field or object at fault. */
@Serdeable
public record Problem(String type, String title, int status, String detail) {

    /** Media type of problem answers. */
    public static final String MEDIA_TYPE = "application/problem+json";

    static MutableHttpResponse<Problem> of(HttpStatus status, String detail) {
        return HttpResponse.<Problem>status(status)
                .body(new Problem("about:blank", status.getReason(), status.getCode(), detail))
                .contentType(MEDIA_TYPE);
    }
}
