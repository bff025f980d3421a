package io.backstream.catalog;

import io.backstream.support.ServiceStartupContract;

import java.util.List;

class CatalogStartupIT extends ServiceStartupContract {

    @Override
    protected String serviceName() {
        return "catalog-svc";
    }

    @Override
    protected int defaultPort() {
        return 8084;
    }

    @Override
    protected List<String> expectedTopics() {
        return List.of("backup.deletions", "backup.events",
                "backup.events.dlq", "restore.events.dlq", "backup.targets.dlq");
    }
}
