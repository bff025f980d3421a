/**
 * One object-storage interface ({@link io.backstream.storage.ObjectStorage}) with the types every backend shares,
 * and the retry wrapper that is the one retry loop around them.
 */
package io.backstream.storage;
