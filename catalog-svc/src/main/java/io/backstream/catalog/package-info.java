/** catalog-svc: the index of every backup and restore, projected from Kafka events into a database. */
package io.backstream.catalog;
