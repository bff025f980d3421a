/**
 * The uploader's logic: turning a backup's chunk records into one archive object and its manifest, one
 * class per stage, behind ports for storages, events and metrics; no framework types.
 */
package io.backstream.uploader.domain;
