/** Micronaut wiring of the catalog: its typed settings and the clock. */
package io.backstream.catalog.config;
