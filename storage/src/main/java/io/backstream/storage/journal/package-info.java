/**
 * Durable local files the backends keep beside or outside the object store: the journal of an unfinished
 * multipart upload's parts, and the atomic, fsynced writes it and the local backend rely on.
 */
package io.backstream.storage.journal;
