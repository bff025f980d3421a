package io.backstream.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backstream.schema.catalog.BackupDetail;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Optional;
import java.util.Set;

/** {@code backup TARGET}: asks the scheduler for an ad-hoc backup; with {@code --wait} follows it in the catalog. */
@Command(name = "backup", description = "Back up an announced target now.")
final class BackupCommand extends CtlCommand {

    enum Type { FULL, INCREMENTAL }

    private static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "SKIPPED", "DELETING", "PARTLY_DELETED",
            "DELETED");

    @Parameters(paramLabel = "TARGET", description = "target id")
    String target;

    @Option(names = "--type", description = "FULL (default) or INCREMENTAL")
    Type type = Type.FULL;

    @Option(names = "--storage", paramLabel = "NAME", description = "storage to write to (default: the uploader's)")
    String storage;

    @Option(names = "--wait", description = "wait until the backup is COMPLETED, FAILED or SKIPPED")
    boolean wait;

    @Override
    public Integer call() {
        ObjectNode body = JSON.createObjectNode().put("target", target).put("type", type.name());
        if (storage != null) {
            body.put("storage", storage);
        }
        ServiceClient.Answer requested = root().scheduler().post("/v1/backups", body.toString());
        String backupId = text(requested.json(), "backupId");
        if (!wait) {
            if (json()) {
                printRaw(requested.body());
            } else {
                print("Backup " + backupId + " of " + target + " requested (" + text(requested.json(), "status") + ")\n");
            }
            return ExitCodes.OK;
        }
        JsonNode detail = follow(backupId);
        String status = text(detail, "status");
        if (json()) {
            printJson(detail);
        } else {
            print(summary(ServiceClient.read(detail, BackupDetail.class)) + "\n");
        }
        return "FAILED".equals(status) ? ExitCodes.FAILED : ExitCodes.OK;
    }

    private JsonNode follow(String backupId) {
        ServiceClient catalog = root().catalog();
        Progress progress = root().progress(err());
        String path = "/v1/backups/" + ServiceClient.segment(backupId);
        try {
            while (true) {
                Optional<ServiceClient.Answer> answer = catalog.find(path);
                String status = answer.map(a -> text(a.json(), "status")).orElse("REQUESTED");
                progress.backup(backupId, status);
                if (answer.isPresent() && TERMINAL.contains(status)) {
                    return answer.get().json();
                }
                pause();
            }
        } finally {
            progress.finish();
        }
    }

    static String summary(BackupDetail detail) {
        StringBuilder line = new StringBuilder("Backup ").append(detail.id()).append(" of ")
                .append(detail.targetId()).append(' ').append(detail.status());
        if (detail.failureReason() != null) {
            line.append(": ").append(detail.failureReason());
        }
        Long uploaded = detail.sizes() == null ? null : detail.sizes().uploadedBytes();
        if (uploaded != null) {
            line.append(", ").append(Format.bytes(uploaded));
        }
        Double seconds = detail.durations() == null ? null : detail.durations().totalSeconds();
        if (seconds != null) {
            line.append(" in ").append(Format.duration(java.time.Duration.ofMillis((long) (seconds * 1000))));
        }
        return line.toString();
    }
}
