/** The manifest stored beside every archive: the backup's summary and chunk index, from which the catalog can be rebuilt. */
package io.backstream.schema.manifest;
