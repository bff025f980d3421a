/** Kafka adapters of the uploader: the chunk-record listener and the publisher of upload outcomes. */
package io.backstream.uploader.messaging;
