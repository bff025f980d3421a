package io.backstream.schema.catalog;

import jakarta.annotation.Nullable;

/** A backup's sizes: before compression, as the worker stored it, and as uploaded. */
public record Sizes(@Nullable Long rawBytes, @Nullable Long storedBytes, @Nullable Long uploadedBytes) {
}
