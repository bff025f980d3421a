/** Micrometer implementations of the worker's domain ports: what {@code /prometheus} shows about backups. */
package io.backstream.worker.metrics;
