/** The `backupctl` command line: one picocli command per verb, talking to the services' HTTP APIs and, for restores, to `restore.requests`. */
package io.backstream.ctl;
