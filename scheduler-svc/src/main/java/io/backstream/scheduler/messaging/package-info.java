/** The scheduler's Kafka side: reading policies, targets and backup events into its state, the ticker, and publishing requests and policies. */
package io.backstream.scheduler.messaging;
