package io.backstream.restore;

import io.backstream.support.ServiceStartupContract;

import java.util.List;

class RestoreStartupIT extends ServiceStartupContract {

    RestoreStartupIT() {
        super("restore-svc", 8085, List.of(
                "restore.events", "backup.events", "restore.requests.dlq", "backup.deletions.dlq"));
    }
}
