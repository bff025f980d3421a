package io.backstream.ctl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;

/** Following a restore (or verification) in the catalog until it is COMPLETED or FAILED. */
final class Restores {

    private Restores() {
    }

    /** Polls {@code /v1/restores/{id}} (absent until the catalog sees the first event) showing progress. */
    static JsonNode follow(Backupctl root, Progress progress, String restoreId) {
        ServiceClient catalog = root.catalog();
        String path = "/v1/restores/" + ServiceClient.segment(restoreId);
        try {
            while (true) {
                Optional<ServiceClient.Answer> answer = catalog.find(path);
                JsonNode view = answer.map(ServiceClient.Answer::json).orElse(null);
                String status = view == null ? "REQUESTED" : view.path("status").asText();
                progress.restore(restoreId, status, view == null ? 0 : view.path("bytesDone").asLong(),
                        view == null ? 0 : view.path("bytesTotal").asLong());
                if ("COMPLETED".equals(status) || "FAILED".equals(status)) {
                    return view;
                }
                CtlCommand.pause();
            }
        } finally {
            progress.finish();
        }
    }

    /** {@code Restore 1f2e COMPLETED: 12 files, 4.0 MiB in 3s to /data/r1} or the failure reason. */
    static String summary(String noun, JsonNode view) {
        StringBuilder line = new StringBuilder(noun).append(' ').append(view.path("id").asText()).append(' ')
                .append(view.path("status").asText());
        if ("FAILED".equals(view.path("status").asText())) {
            line.append(": ").append(CtlCommand.text(view, "failureReason"));
            String backup = CtlCommand.text(view, "failedBackupId");
            if (backup != null) {
                line.append(" (backup ").append(backup).append(')');
            }
            return line.toString();
        }
        line.append(": ").append(view.path("files").asLong()).append(" files, ")
                .append(Format.bytes(view.path("bytesDone").asLong()));
        if (view.path("durationMillis").isNumber()) {
            line.append(" in ").append(Format.duration(java.time.Duration.ofMillis(view.path("durationMillis").asLong())));
        }
        String destination = CtlCommand.text(view, "destination");
        if (destination != null) {
            line.append(" to ").append(destination);
        }
        return line.toString();
    }
}
