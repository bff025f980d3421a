/** Real infrastructure for tests and the dev stack (Kafka broker, S3 server, PostgreSQL, services from their jars) and test helpers shared by every module. */
package io.backstream.testkit;
