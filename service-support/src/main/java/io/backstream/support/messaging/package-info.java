/** The consume pipeline every listener uses (parse, validate, drop duplicates, dead-letter, redeliver after a failure) and the event publisher. */
package io.backstream.support.messaging;
