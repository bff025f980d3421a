package io.backstream.schema.catalog;

import java.util.List;

/** Every known target ({@code GET /v1/targets}). */
public record TargetList(List<TargetView> items) {
}
