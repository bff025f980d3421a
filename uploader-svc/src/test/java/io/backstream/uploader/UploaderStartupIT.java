package io.backstream.uploader;

import io.backstream.support.ServiceStartupContract;

import java.util.List;

class UploaderStartupIT extends ServiceStartupContract {

    UploaderStartupIT() {
        super("uploader-svc", 8083, List.of("backup.events", "backup.chunks.dlq"));
    }
}
