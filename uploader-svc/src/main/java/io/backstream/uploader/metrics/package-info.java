/** Micrometer implementations of the uploader's metrics port ({@link io.backstream.uploader.domain.UploadMetrics}). */
package io.backstream.uploader.metrics;
