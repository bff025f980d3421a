/** The one-command stack: starts a real broker, S3 server and every service from their jars, and runs the backup-and-restore demo. */
package io.backstream.devstack;
