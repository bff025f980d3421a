/** The contracts between services: the CloudEvent envelope and codec, event types and topics, the chunk stream's headers and frame format, object keys and the completion rule. */
package io.backstream.schema;
