/** Kafka: backup requests in, snapshot events, target announcements and chunk streams out. */
package io.backstream.worker.messaging;
