/**
 * Retrying a call that can fail for a while (a peer restarting, a broker away) with exponential backoff and
 * jitter, for the loops that do not go through storage's {@code RetryingObjectStorage}.
 */
package io.backstream.support.retry;
