/** The catalog's rules without framework types: backup and restore state machines, restore points and retention. */
package io.backstream.catalog.domain;
