package io.backstream.schema.catalog;

import java.util.List;

/** The newest restores ({@code GET /v1/restores}). */
public record RestoreList(List<RestoreView> items) {
}
