/**
 * Who may call a Backstream HTTP API: bearer tokens from an API token file or JWTs from an OIDC issuer's JWKS,
 * the three roles (viewer, operator, admin), target scopes, the 401/403 answers and the audit line of every
 * mutation. Shared by every service; see docs/security.md.
 */
package io.backstream.support.security;
