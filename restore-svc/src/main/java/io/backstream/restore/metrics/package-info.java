/** Micrometer implementations of restore-svc's domain metrics ports. */
package io.backstream.restore.metrics;
