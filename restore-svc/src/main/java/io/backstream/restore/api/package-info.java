/** restore-svc's HTTP API: download URLs for a backup's archive and the configured storages. */
package io.backstream.restore.api;
