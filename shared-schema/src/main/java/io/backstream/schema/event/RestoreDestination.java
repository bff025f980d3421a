package io.backstream.schema.event;

/**
 * Where a restore writes: a directory ({@code path}, under the restore service's allowlisted root) or a
 * PostgreSQL database ({@code database}).
 */
public record RestoreDestination(Kind kind, String path, String database) {

    /** Destination kinds. */
    public enum Kind {
        DIRECTORY,
        POSTGRES
    }
}
