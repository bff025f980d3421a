package io.backstream.schema.catalog;

import java.util.List;

/** What the backup's manifest holds, and what the worker warned about while taking it. */
public record ManifestSummary(long chunkCount, long fileCount, long rawBytes, List<String> warnings) {
}
