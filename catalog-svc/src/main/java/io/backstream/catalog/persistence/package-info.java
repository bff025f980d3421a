/** The catalog's tables (one store per table) and the projection that applies an event to them in one transaction. */
package io.backstream.catalog.persistence;
