/** Topic provisioning at start-up from shared-schema's topic table, and readiness once the topics exist. */
package io.backstream.support.kafka;
