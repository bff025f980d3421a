package io.backstream.scheduler;

import io.backstream.support.ServiceStartupContract;

import java.util.List;

class SchedulerStartupIT extends ServiceStartupContract {

    @Override
    protected String serviceName() {
        return "scheduler-svc";
    }

    @Override
    protected int defaultPort() {
        return 8081;
    }

    @Override
    protected List<String> expectedTopics() {
        return List.of("backup.requests", "backup.policies", "restore.requests",
                "backup.events.dlq", "backup.policies.dlq", "backup.targets.dlq");
    }
}
