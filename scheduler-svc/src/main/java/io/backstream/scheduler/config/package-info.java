/** Micronaut wiring and typed settings of the scheduler. */
package io.backstream.scheduler.config;
