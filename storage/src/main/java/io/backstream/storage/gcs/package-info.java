/** The Google Cloud Storage backend, its configuration and its mapping of GCS objects and errors. */
package io.backstream.storage.gcs;
