package io.backstream.scheduler;

import io.backstream.support.ServiceStartupContract;

import java.util.List;

class SchedulerStartupIT extends ServiceStartupContract {

    SchedulerStartupIT() {
        super("scheduler-svc", 8081, List.of(
                "backup.requests", "backup.policies", "restore.requests", "backup.events.dlq", "backup.policies.dlq", "backup.targets.dlq"));
    }
}
