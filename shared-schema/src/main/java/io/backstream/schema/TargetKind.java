package io.backstream.schema;

import java.util.Locale;
import java.util.Optional;

/** What a backup target is. {@link #id()} is the lower-case form used in object names. */
public enum TargetKind {
    DIRECTORY,
    POSTGRES,
    COMMAND;

    /** Lower-case identifier used in object keys, e.g. {@code directory}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind whose {@link #id()} or name equals {@code value} ignoring case. */
    public static Optional<TargetKind> fromId(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (TargetKind kind : values()) {
            if (kind.name().equalsIgnoreCase(value)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
