/** Micronaut wiring and typed settings of restore-svc, including the binding of its storages to the storage module's spec. */
package io.backstream.restore.config;
