package io.backstream.uploader;

import io.backstream.support.ServiceStartupContract;

import java.util.List;

class UploaderStartupIT extends ServiceStartupContract {

    @Override
    protected String serviceName() {
        return "uploader-svc";
    }

    @Override
    protected int defaultPort() {
        return 8083;
    }

    @Override
    protected List<String> expectedTopics() {
        return List.of("backup.events", "backup.chunks.dlq");
    }
}
