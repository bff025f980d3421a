/** The catalog's HTTP API: JSON queries over backups, targets, restores and policies, and the HTML status page. */
package io.backstream.catalog.api;
