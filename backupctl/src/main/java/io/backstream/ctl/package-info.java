/**
 * The `backupctl` command line: one picocli command per verb, talking only to the services' authenticated HTTP
 * APIs (one token, no Kafka credentials).
 */
package io.backstream.ctl;
