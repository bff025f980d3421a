package io.backstream.catalog;

import io.backstream.support.ServiceStartupContract;

import java.util.List;

class CatalogStartupIT extends ServiceStartupContract {

    CatalogStartupIT() {
        super("catalog-svc", 8084, List.of(
                "backup.deletions", "backup.events", "backup.events.dlq", "restore.events.dlq", "backup.targets.dlq",
                "backup.policies.dlq"));
    }
}
