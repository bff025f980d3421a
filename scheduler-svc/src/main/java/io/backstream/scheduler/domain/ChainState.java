package io.backstream.scheduler.domain;

import java.time.Instant;

/**
 * The backup chain of one policy and target, from completed backups.
 *
 * @param lastCompletedId      newest completed backup (the parent of the next incremental), null if none
 * @param lastFullId           newest completed FULL backup, null if none
 * @param lastFullAt           when that full was taken, null if none
 * @param incrementalsSinceFull completed incrementals after the last full
 */
public record ChainState(String lastCompletedId, String lastFullId, Instant lastFullAt, int incrementalsSinceFull) {

    /** A chain with no completed backup. */
    public static final ChainState EMPTY = new ChainState(null, null, null, 0);
}
