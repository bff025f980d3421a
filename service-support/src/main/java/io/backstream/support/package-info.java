/** What every service shares: Micronaut beans for the event contracts. */
package io.backstream.support;
