package io.backstream.schema.manifest;

import java.io.IOException;
import java.util.List;

/** A manifest that cannot be read: not JSON, breaks the schema or has an unsupported format version. */
public class ManifestRejectedException extends IOException {

    private static final long serialVersionUID = 1L;

    private final List<String> errors;

    public ManifestRejectedException(String message, List<String> errors) {
        super(message + (errors.isEmpty() ? "" : " " + String.join("; ", errors)));
        this.errors = List.copyOf(errors);
    }

    /** The individual schema errors ({@code <json pointer>: <message>}); may be empty. */
    public List<String> errors() {
        return errors;
    }
}
