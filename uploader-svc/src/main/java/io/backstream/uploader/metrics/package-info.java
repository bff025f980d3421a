/** Micrometer implementations of the uploader domain's metrics port. */
package io.backstream.uploader.metrics;
