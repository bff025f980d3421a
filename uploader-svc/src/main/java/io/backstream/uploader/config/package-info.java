/** Micronaut wiring of the uploader: its settings, the storages' configuration binding and the domain's factory. */
package io.backstream.uploader.config;
