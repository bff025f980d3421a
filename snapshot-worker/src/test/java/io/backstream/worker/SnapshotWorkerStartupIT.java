package io.backstream.worker;

import io.backstream.support.ServiceStartupContract;

import java.util.List;

class SnapshotWorkerStartupIT extends ServiceStartupContract {

    SnapshotWorkerStartupIT() {
        super("snapshot-worker", 8082, List.of("backup.chunks", "backup.events", "backup.targets", "backup.requests.dlq"));
    }
}
