/** What the scheduler decides, free of framework types: when a policy fires, full or incremental, the parent of an incremental, and what it knows of each run (the ledger). */
package io.backstream.scheduler.domain;
