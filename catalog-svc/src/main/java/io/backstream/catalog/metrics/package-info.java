/** Micrometer backup metrics derived from the projected changes, seeded from the catalog at start-up. */
package io.backstream.catalog.metrics;
