package io.backstream.worker;

import io.backstream.support.ServiceStartupContract;

import java.util.List;

class SnapshotWorkerStartupIT extends ServiceStartupContract {

    @Override
    protected String serviceName() {
        return "snapshot-worker";
    }

    @Override
    protected int defaultPort() {
        return 8082;
    }

    @Override
    protected List<String> expectedTopics() {
        return List.of("backup.chunks", "backup.events", "backup.targets", "backup.requests.dlq");
    }
}
