/** One record per event's `data`, each with its JSON Schema (2020-12) under the resources' `io/backstream/schema/v1`. */
package io.backstream.schema.event;
