/** The one problem+json (RFC 9457) shape every service answers errors in. */
package io.backstream.support.api;
