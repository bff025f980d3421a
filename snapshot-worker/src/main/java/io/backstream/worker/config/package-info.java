/** Micronaut wiring and the {@code backstream.worker.*} properties, checked into target specifications at start-up. */
package io.backstream.worker.config;
