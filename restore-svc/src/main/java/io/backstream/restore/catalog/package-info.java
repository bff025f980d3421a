/** restore-svc's client of the catalog's HTTP API: where a backup's objects are and which backups a restore point needs. */
package io.backstream.restore.catalog;
