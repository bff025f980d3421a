/**
 * The restore service's Kafka side: listeners that hand requests to the domain and keep them until done, and the
 * producer of its events.
 */
package io.backstream.restore.messaging;
