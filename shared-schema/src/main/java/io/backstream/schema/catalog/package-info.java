/**
 * The JSON bodies of catalog-svc's HTTP API as records: the catalog writes them, restore-svc and backupctl read
 * them. Fields the catalog does not know are absent from the JSON and null here.
 */
package io.backstream.schema.catalog;
