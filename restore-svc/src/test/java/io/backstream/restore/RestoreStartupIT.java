package io.backstream.restore;

import io.backstream.support.ServiceStartupContract;

import java.util.List;

class RestoreStartupIT extends ServiceStartupContract {

    @Override
    protected String serviceName() {
        return "restore-svc";
    }

    @Override
    protected int defaultPort() {
        return 8085;
    }

    @Override
    protected List<String> expectedTopics() {
        return List.of("restore.events", "backup.events", "restore.requests.dlq", "backup.deletions.dlq");
    }
}
