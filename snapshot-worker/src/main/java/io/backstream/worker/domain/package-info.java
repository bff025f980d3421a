/**
 * How a backup is taken (hooks, sources, tar, framed compression, chunking) and which requests become one,
 * with ports for what it announces, measures and sends; no framework types.
 */
package io.backstream.worker.domain;
