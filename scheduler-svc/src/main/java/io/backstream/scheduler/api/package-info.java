/** The scheduler's HTTP API: ad-hoc backups (optionally waiting for the outcome) and policies. */
package io.backstream.scheduler.api;
