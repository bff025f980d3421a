/**
 * The restore service's logic, free of framework types: restoring a backup chain into a directory, a database or a
 * drill's scratch space, extracting archives safely, deleting expired backups and rebuilding the catalog's index.
 */
package io.backstream.restore.domain;
