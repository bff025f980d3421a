/**
 * Kafka side of the catalog: the listener that feeds the projection, the stuck-backup sweeper and the retention
 * evaluator that requests deletions.
 */
package io.backstream.catalog.messaging;
