/** The snapshot worker: archives the targets it owns into chunked, compressed tarballs on Kafka when asked to. */
package io.backstream.worker;
